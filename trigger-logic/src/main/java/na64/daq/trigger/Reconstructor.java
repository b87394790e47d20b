package na64.daq.trigger;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import na64.daq.config.RunConfig;
import na64.daq.pipeline.Counter;
import na64.daq.pipeline.CounterDescriptor;
import na64.daq.pipeline.CounterRegistry;
import na64.daq.pipeline.FragmentReconstruction;
import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.LittleEndian;

/**
 * Online reconstruction (spec §7): turns a fragment's channels into detector energies and adds
 * them to an {@link Energies}. Reads the fragment's buffer in place and allocates nothing. One
 * instance per reconstructing thread, the ingest event loop in the service (the unmapped-channel
 * counters have a single writer).
 *
 * <ul>
 *   <li>WAVEFORM: pedestal {@code p} = mean of the first P samples (all samples if the fragment has
 *       fewer than P), amplitude {@code a = max(samples) - p}.</li>
 *   <li>PEAK: {@code a} = the transmitted amplitude.</li>
 *   <li>{@code a < T} contributes 0, otherwise {@code a * c}.</li>
 * </ul>
 */
public final class Reconstructor implements FragmentReconstruction {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final ChannelMap map;
    private final int pedestalSamples;
    private final int threshold;
    /**
     * Unmapped-channel counters by source id up to the largest id the configuration names (sources
     * and channel map), from the registry's per-source {@code daq_source_unmapped_channels_total}.
     */
    private final Counter[] unmapped;
    /** Unmapped channels of sources the configuration does not know (the ingest normally refuses them): the unattributed bucket. */
    private final Counter unmappedOtherSources;
    /** Scratch sums of {@link #reconstruct}, reused. */
    private final Energies scratch = new Energies();
    /** The unmapped-channel counters by dense source index, and the registry that indexes them (shared on reload). */
    private final Counter[] perSource;
    private final CounterRegistry indexer;

    /** Compiles the channel map and reconstruction parameters of {@code config}; counters of its own. */
    public Reconstructor(RunConfig config) {
        this(config, new CounterRegistry(config));
    }

    /** As above, allocating the unmapped-channel counters from the service's {@code counters}. */
    public Reconstructor(RunConfig config, CounterRegistry counters) {
        this(config, counters.perSource(CounterDescriptor.SOURCE_UNMAPPED_CHANNELS), counters);
    }

    /**
     * A reconstructor for a reloaded {@code config} that counts into {@code previous}'s counters (a
     * reload changes the calibration, not what is counted); the same thread must use both.
     */
    public Reconstructor(RunConfig config, Reconstructor previous) {
        this(config, previous.perSource, previous.indexer);
    }

    private Reconstructor(RunConfig config, Counter[] perSource, CounterRegistry indexer) {
        this.perSource = perSource;
        this.indexer = indexer;
        this.map = new ChannelMap(config);
        this.pedestalSamples = config.reconstruction().pedestalSamples();
        this.threshold = config.reconstruction().thresholdCounts();
        if (pedestalSamples < 1) {
            throw new IllegalArgumentException("reconstruction.pedestalSamples must be >= 1, is " + pedestalSamples);
        }
        if (threshold < 0) {
            throw new IllegalArgumentException("reconstruction.thresholdCounts must be >= 0, is " + threshold);
        }
        int maxSource = 0;
        for (RunConfig.SourceConfig s : config.sources()) {
            maxSource = Math.max(maxSource, s.id());
        }
        for (RunConfig.ChannelRange r : config.channelMap()) {
            maxSource = Math.max(maxSource, r.source());
        }
        unmappedOtherSources = perSource[indexer.sourceCount()];
        unmapped = new Counter[maxSource + 1];
        for (int id = 0; id <= maxSource; id++) {
            unmapped[id] = perSource[indexer.indexOf(id)];
        }
    }

    /** The compiled channel map. */
    public ChannelMap channelMap() {
        return map;
    }

    /** Ingest's entry point: this fragment's energies into the ring entry (see {@link FragmentReconstruction}). */
    @Override
    public void reconstruct(int sourceId, FragmentFlyweight fragment, IngestEntry entry) {
        Energies e = scratch;
        e.clear();
        add(sourceId, fragment, e);
        entry.ps = e.ps();
        entry.ecalMain = e.ecalMain();
        entry.hcal = e.hcal();
        entry.veto = e.veto();
        entry.srd = e.srd();
    }

    /**
     * Adds the energies of {@code fragment}'s channels (from source {@code sourceId}) to
     * {@code into}. The fragment must have passed {@link FragmentFlyweight#validate()}. Channels
     * the configuration does not map add nothing and are counted against the source.
     */
    public void add(int sourceId, FragmentFlyweight fragment, Energies into) {
        int n = fragment.channelCount();
        if (n == 0) {
            return;
        }
        if (fragment.encoding() == FragmentFlyweight.ENCODING_PEAK) {
            addPeak(sourceId, fragment, n, into);
        } else {
            addWaveform(sourceId, fragment, n, into);
        }
    }

    private void addPeak(int sourceId, FragmentFlyweight f, int n, Energies into) {
        byte[] b = f.buffer();
        int off = f.recordOffset(0);
        int base = map.baseOf(sourceId);
        int window = map.windowOf(sourceId);
        int missed = 0;
        for (int i = 0; i < n; i++, off += FragmentFlyweight.PEAK_RECORD_LENGTH) {
            int record = FragmentFlyweight.peakChannelAndAmplitude(b, off); // u16 channel, u16 amplitude: one load
            int ch = record & 0xFFFF;
            int det = ch < window ? map.detectorAt(base + ch) : ChannelMap.UNMAPPED;
            if (det == ChannelMap.UNMAPPED) {
                missed++;
                continue;
            }
            int a = record >>> 16;
            if (a >= threshold) {
                into.addChannel(det, a * map.calibrationAt(base + ch));
            }
        }
        countUnmapped(sourceId, missed);
    }

    private void addWaveform(int sourceId, FragmentFlyweight f, int n, Energies into) {
        byte[] b = f.buffer();
        int samples = f.samples();
        int recordLength = f.recordLength();
        int p = Math.min(pedestalSamples, samples);
        int off = f.recordOffset(0);
        int base = map.baseOf(sourceId);
        int window = map.windowOf(sourceId);
        int missed = 0;
        for (int i = 0; i < n; i++, off += recordLength) {
            int ch = LittleEndian.u16(b, off + FragmentFlyweight.RECORD_CHANNEL_OFFSET);
            int det = ch < window ? map.detectorAt(base + ch) : ChannelMap.UNMAPPED;
            if (det == ChannelMap.UNMAPPED) {
                missed++;
                continue;
            }
            if (det == ChannelMap.BEAM) {
                continue; // mapped but not used by the trigger: skip the sample loop
            }
            int s0 = off + FragmentFlyweight.WAVEFORM_SAMPLES_OFFSET;
            int pedSum = 0;
            for (int s = 0; s < p; s++) {
                pedSum += LittleEndian.u16(b, s0 + FragmentFlyweight.SAMPLE_LENGTH * s);
            }
            int max = maxSample(b, s0, samples);
            double a = max - (double) pedSum / p;
            if (a >= threshold) {
                into.addChannel(det, a * map.calibrationAt(base + ch));
            }
        }
        countUnmapped(sourceId, missed);
    }

    /**
     * The largest of {@code samples} u16 samples ({@link FragmentFlyweight#SAMPLE_LENGTH} bytes each,
     * back to back) at {@code b[from..]}: four samples per 64-bit little-endian load, their maximum
     * taken branch-free, then the remaining ones singly. This loop is most of the reconstruction
     * time of a WAVEFORM fragment.
     */
    static int maxSample(byte[] b, int from, int samples) {
        int max = 0;
        int s = 0;
        for (; s + 4 <= samples; s += 4) {
            long v = (long) LONG_LE.get(b, from + FragmentFlyweight.SAMPLE_LENGTH * s);
            int a = Math.max((int) v & 0xFFFF, (int) (v >>> 16) & 0xFFFF);
            int c = Math.max((int) (v >>> 32) & 0xFFFF, (int) (v >>> 48));
            max = Math.max(max, Math.max(a, c));
        }
        for (; s < samples; s++) {
            max = Math.max(max, LittleEndian.u16(b, from + FragmentFlyweight.SAMPLE_LENGTH * s));
        }
        return max;
    }

    private void countUnmapped(int sourceId, int missed) {
        if (missed > 0) {
            counterFor(sourceId).add(missed);
        }
    }

    private Counter counterFor(int sourceId) {
        return sourceId >= 0 && sourceId < unmapped.length ? unmapped[sourceId] : unmappedOtherSources;
    }

    /** Unmapped channels seen from {@code sourceId} so far (any thread). */
    public long unmappedChannels(int sourceId) {
        return counterFor(sourceId).get();
    }

    /**
     * The counter behind {@link #unmappedChannels(int)}. Sources the configuration does not name
     * share one counter, {@link #unmappedOtherSourcesCounter()}.
     */
    public Counter unmappedCounter(int sourceId) {
        return counterFor(sourceId);
    }

    /** Unmapped channels of sources the configuration does not name. */
    public Counter unmappedOtherSourcesCounter() {
        return unmappedOtherSources;
    }
}

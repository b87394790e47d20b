package na64.daq.bench;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.emulator.Encoding;
import na64.daq.emulator.Pacing;
import na64.daq.emulator.SimulationSettings;
import na64.daq.emulator.SourceFrames;
import na64.daq.emulator.SpillData;
import na64.daq.emulator.SpillGenerator;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameHeader;

import java.util.Arrays;

/**
 * One spill of the reference setup as the five front-ends send it, generated once before any
 * benchmark measures, in the forms the benchmarks feed to production code:
 *
 * <ul>
 *   <li>{@link #wire}: every FRAGMENT frame (header + payload) back to back, event-major (event 1
 *       of sources 1..5, then event 2, ...), as a socket buffer would hold them;</li>
 *   <li>{@link #payloads}: each FRAGMENT payload alone, as it sits in a ring entry or event slot;</li>
 *   <li>the BEGIN_OF_SPILL and END_OF_SPILL payloads of each source, to open and close spills.</li>
 * </ul>
 *
 * <p>Same settings as {@code daq bench}: the emulator's physics mix at 1 MHz, PEAK with zero
 * suppression or WAVEFORM (32 samples) without, no faults. Fixed seed, so every run measures the
 * same bytes.
 */
final class ReferenceLoad {
    /** Seed of the generated spill; fixed so runs are comparable. */
    static final long SEED = 20260101L;

    final RunConfig config;
    final Encoding encoding;
    final int events;
    /** Source ids in the order their fragments appear per event, trigger unit first. */
    final int[] sourceIds;
    final byte[] wire;
    /** Offset and length in {@link #wire} of fragment frame {@code e * sources + i}. */
    final int[] frameOffset;
    final int[] frameLength;
    /** Payload of fragment {@code e * sources + i}, exactly sized. */
    final byte[][] payloads;
    /** BEGIN_OF_SPILL and END_OF_SPILL payloads, by source index. */
    final byte[][] beginPayloads;
    final byte[][] endPayloads;

    private ReferenceLoad(RunConfig config, Encoding encoding, int events, int[] sourceIds, byte[] wire,
                          int[] frameOffset, int[] frameLength, byte[][] payloads, byte[][] beginPayloads,
                          byte[][] endPayloads) {
        this.config = config;
        this.encoding = encoding;
        this.events = events;
        this.sourceIds = sourceIds;
        this.wire = wire;
        this.frameOffset = frameOffset;
        this.frameLength = frameLength;
        this.payloads = payloads;
        this.beginPayloads = beginPayloads;
        this.endPayloads = endPayloads;
    }

    /** Generates spill 1 of {@code events} triggers in {@code encoding}, with the embedded default configuration. */
    static ReferenceLoad generate(Encoding encoding, int events) {
        RunConfig config = ConfigLoader.loadDefault();
        SimulationSettings settings = SimulationSettings.defaults().withSeed(SEED).withRun(1).withSpills(1)
                .withEventsPerSpill(events).withRateHz(1_000_000).withEncoding(encoding)
                .withZeroSuppression(encoding == Encoding.PEAK).withPacing(Pacing.MAX_SPEED).withSpillGapNs(0);
        SpillGenerator generator = new SpillGenerator(settings, config);
        SpillData spill = generator.generate(1, 0);
        int[] ids = generator.sourceIds();
        int n = ids.length;

        int[][] fragmentFrames = new int[n][];
        byte[][] begins = new byte[n][];
        byte[][] ends = new byte[n][];
        long wireBytes = 0;
        for (int i = 0; i < n; i++) {
            SourceFrames f = spill.source(ids[i]);
            int[] fragments = new int[events];
            int count = 0;
            for (int k = 0; k < f.frameCount(); k++) {
                switch (f.frameType(k)) {
                    case FrameHeader.TYPE_FRAGMENT -> {
                        if (count == events) {
                            throw new IllegalStateException("source " + ids[i] + " sent more than " + events + " fragments");
                        }
                        fragments[count++] = k;
                        wireBytes += f.frameLength(k);
                    }
                    case FrameHeader.TYPE_BEGIN_OF_SPILL -> begins[i] = payloadOf(f, k);
                    case FrameHeader.TYPE_END_OF_SPILL -> ends[i] = payloadOf(f, k);
                    default -> { } // heartbeats: none at 1 MHz, and not part of what is measured
                }
            }
            if (count != events || begins[i] == null || ends[i] == null) {
                throw new IllegalStateException("source " + ids[i] + ": " + count + " of " + events
                        + " fragments, or no BEGIN/END_OF_SPILL; the generated spill is not the expected clean one");
            }
            fragmentFrames[i] = fragments;
        }

        byte[] wire = new byte[Math.toIntExact(wireBytes)];
        int[] offsets = new int[events * n];
        int[] lengths = new int[events * n];
        byte[][] payloads = new byte[events * n][];
        int pos = 0;
        for (int e = 0; e < events; e++) {
            for (int i = 0; i < n; i++) {
                SourceFrames f = spill.source(ids[i]);
                int k = fragmentFrames[i][e];
                int len = f.frameLength(k);
                System.arraycopy(f.data(), f.frameOffset(k), wire, pos, len);
                offsets[e * n + i] = pos;
                lengths[e * n + i] = len;
                payloads[e * n + i] = Arrays.copyOfRange(wire, pos + FrameHeader.LENGTH, pos + len);
                pos += len;
            }
        }
        ReferenceLoad load = new ReferenceLoad(config, encoding, events, ids, wire, offsets, lengths, payloads, begins, ends);
        load.check();
        return load;
    }

    private static byte[] payloadOf(SourceFrames f, int k) {
        int start = f.frameOffset(k) + FrameHeader.LENGTH;
        return Arrays.copyOfRange(f.data(), start, f.frameOffset(k) + f.frameLength(k));
    }

    /** Fails unless every fragment is well-formed, of the expected encoding, and numbered 1..events in order. */
    private void check() {
        FragmentFlyweight f = new FragmentFlyweight();
        int wireCode = encoding.wireCode();
        for (int e = 0; e < events; e++) {
            for (int i = 0; i < sourceIds.length; i++) {
                byte[] p = payloads[e * sourceIds.length + i];
                String bad = f.wrap(p, 0, p.length).validate();
                if (bad != null || f.event() != e + 1 || (f.channelCount() > 0 && f.encoding() != wireCode)) {
                    throw new IllegalStateException("fragment " + (e + 1) + " of source " + sourceIds[i] + " unusable: "
                            + (bad != null ? bad : "event " + f.event() + ", encoding " + f.encoding()));
                }
            }
        }
    }

    /** Number of sources (fragments per event). */
    int sources() {
        return sourceIds.length;
    }

    /** Mean bytes on the wire per event (five frames, headers included). */
    double wireBytesPerEvent() {
        return (double) wire.length / events;
    }

    /** One line describing the data, printed by the benchmarks' setup so the run log records it. */
    String describe() {
        long channels = 0;
        FragmentFlyweight f = new FragmentFlyweight();
        for (byte[] p : payloads) {
            channels += f.wrap(p, 0, p.length).channelCount();
        }
        return String.format(java.util.Locale.ROOT,
                "reference load: %s, %d events, %.1f wire bytes/event (%.1f per frame), %.1f channels/event",
                encoding, events, wireBytesPerEvent(), wireBytesPerEvent() / sources(), (double) channels / events);
    }
}

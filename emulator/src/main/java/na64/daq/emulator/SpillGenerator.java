package na64.daq.emulator;

import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.LittleEndian;
import na64.daq.protocol.SpillMarkerFlyweight;

/**
 * Generates, spill by spill, what the five front-ends of the reference setup send: per source
 * BEGIN_OF_SPILL, one FRAGMENT per trigger, HEARTBEATs in any gap longer than
 * {@link #HEARTBEAT_INTERVAL_NS}, and END_OF_SPILL (the trigger unit's with the EOT, triggers and
 * dead-time scalers), each with the time it leaves the front-end. HELLO is not part of a spill:
 * senders send {@link #hello} when they connect.
 *
 * <p>Timing: triggers are spaced by a fixed readout dead time plus an exponential gap of mean
 * 1/rate. The trigger unit's fragment leaves 1.5 µs after the trigger, digitizer {@code s}'s
 * after 6 + 0.5 (s − 2) µs plus an exponential jitter of mean 0.5 µs. END_OF_SPILL follows
 * the last fragment by 1 ms.
 *
 * <p>Randomness: each spill has its own generators for timing, physics, faults and each source's
 * noise, derived from the settings' seed and the spill number, so a spill is reproducible on its
 * own and fault injection never changes the physics. Not thread-safe; one instance per thread.
 */
public final class SpillGenerator {
    /** Readout dead time after each trigger, ns. */
    public static final long DEAD_TIME_NS = 2_000;
    /** Time from BEGIN_OF_SPILL to the earliest possible first trigger, ns. */
    public static final long FIRST_TRIGGER_NS = 10_000;
    /** A source idle this long sends a HEARTBEAT (spec §2 asks for one at least every second). */
    public static final long HEARTBEAT_INTERVAL_NS = 500_000_000L;
    /** END_OF_SPILL follows the spill's last fragment by this much, ns. */
    public static final long END_DELAY_NS = 1_000_000;
    private static final long TRIGGER_LATENCY_NS = 1_500;
    private static final long DIGITIZER_LATENCY_NS = 6_000;
    private static final long DIGITIZER_STEP_NS = 500;
    private static final double JITTER_MEAN_NS = 500;
    private static final long DUPLICATE_DELAY_NS = 1_000;
    private static final int CORRUPT_CRC_MASK = 0xA5A5A5A5;

    private final SimulationSettings settings;
    private final int[] sourceIds = ReferenceSetup.SOURCE_IDS.clone();
    private final ChannelDigitizer[] digitizers = new ChannelDigitizer[sourceIds.length];
    private final PhysicsGenerator physics;
    private final Deposits deposits = new Deposits();
    private final FrameEncoder encoder = new FrameEncoder();
    private final int samples;
    /** HELLO and HEARTBEAT frames per source, built once: they are constant, and building them must not disturb a fragment in the encoder. */
    private final byte[][] hellos = new byte[sourceIds.length][];
    private final byte[][] heartbeats = new byte[sourceIds.length][];

    /** Checks that {@code config} is the reference setup and prepares the detector model. */
    public SpillGenerator(SimulationSettings settings, RunConfig config) {
        ReferenceSetup.requireCompatible(config);
        this.settings = settings;
        double[][] calibrations = new double[ReferenceSetup.VETO_SRD + 1][];
        for (int i = 1; i < sourceIds.length; i++) {
            int id = sourceIds[i];
            calibrations[id] = ReferenceSetup.calibrations(config, id);
            digitizers[i] = new ChannelDigitizer(id, calibrations[id], settings.encoding(), settings.zeroSuppression(),
                    config.reconstruction().thresholdCounts(), config.reconstruction().pedestalSamples());
        }
        double e0 = config.beam().energyMeV();
        this.physics = new PhysicsGenerator(new ShowerModel(e0, calibrations), e0, settings.physics(),
                settings.aprimeMassMeV());
        this.samples = settings.encoding() == Encoding.WAVEFORM ? ChannelDigitizer.SAMPLES : 0;
        for (int i = 0; i < sourceIds.length; i++) {
            int id = sourceIds[i];
            RunConfig.SourceConfig s = config.source(id);
            hellos[i] = encoder.hello(id, ReferenceSetup.boardKind(id), s.channels(), s.name());
            heartbeats[i] = encoder.heartbeat(id);
        }
    }

    public SimulationSettings settings() {
        return settings;
    }

    /** The source ids this generator emulates, trigger unit first. */
    public int[] sourceIds() {
        return sourceIds.clone();
    }

    /** The HELLO frame of {@code sourceId}: board kind, channel count and name from the run configuration. */
    public byte[] hello(int sourceId) {
        return hellos[indexOf(sourceId)].clone();
    }

    private int indexOf(int sourceId) {
        for (int i = 0; i < sourceIds.length; i++) {
            if (sourceIds[i] == sourceId) {
                return i;
            }
        }
        throw new IllegalArgumentException("source " + sourceId + " is not emulated");
    }

    /**
     * Generates spill {@code spill} (1-based), starting {@code startOffsetNs} after the run's start
     * (this only sets BEGIN_OF_SPILL's wall-clock field: settings' start time plus the offset).
     */
    public SpillData generate(int spill, long startOffsetNs) {
        long seed = settings.seed();
        long run = settings.run();
        int n = settings.eventsPerSpill();
        Rng timing = Rng.of(seed, spill, Rng.STREAM_TIMING);
        Rng physicsRng = Rng.of(seed, spill, Rng.STREAM_PHYSICS);
        FaultPlan plan = new FaultPlan(settings.faults(), Rng.of(seed, spill, Rng.STREAM_FAULTS), sourceIds);
        Rng[] noise = new Rng[sourceIds.length];
        SourceFrames[] out = new SourceFrames[sourceIds.length];
        long[] lastSend = new long[sourceIds.length];
        for (int i = 0; i < sourceIds.length; i++) {
            noise[i] = Rng.of(seed, spill, Rng.STREAM_SOURCE_BASE + sourceIds[i]);
            out[i] = new SourceFrames(sourceIds[i], n + 8, expectedBytes(i, n));
            byte[] bos = encoder.beginOfSpill(sourceIds[i], run, spill, settings.startTimeNs() + startOffsetNs);
            out[i].append(bos, 0, bos.length, 0, 0);
        }
        InjectedFaults injected = new InjectedFaults();
        int noEnd = plan.drawNoEnd();
        SpillTruth truth = new SpillTruth(run, spill, n);
        double meanGapNs = 1e9 / settings.rateHz();
        double lostPerTrigger = settings.rateHz() * DEAD_TIME_NS * 1e-9;
        long t = FIRST_TRIGGER_NS - DEAD_TIME_NS;
        long eot = 0;
        for (int event = 1; event <= n; event++) {
            t += DEAD_TIME_NS + Math.round(timing.exponential(meanGapNs));
            int type = triggerType(timing.uniform());
            EventKind kind = physics.generate(type, deposits, physicsRng);
            truth.record(event, type, t, kind, physics.lastX());
            if (kind != EventKind.NOISE && kind != EventKind.LED) {
                eot += physics.lastParticles() + timing.poisson(lostPerTrigger);
            }
            plan.next();
            for (int i = 0; i < sourceIds.length; i++) {
                int id = sourceIds[i];
                long latency = i == 0 ? TRIGGER_LATENCY_NS
                        : DIGITIZER_LATENCY_NS + DIGITIZER_STEP_NS * (id - 2) + Math.round(noise[i].exponential(JITTER_MEAN_NS));
                long send = Math.max(t + latency, lastSend[i] + 1);
                heartbeats(out[i], lastSend[i], send);
                int length = encodeFragment(i, spill, event, t, type, noise[i]);
                if (plan.missing == id) {
                    injected.add(new InjectedFault(FaultKind.MISSING, spill, event, id));
                    lastSend[i] = send;
                    continue;
                }
                if (plan.reconnect == id) {
                    out[i].append(hellos[i], 0, hellos[i].length, send, SourceFrames.FLAG_RECONNECT);
                    injected.add(new InjectedFault(FaultKind.RECONNECT, spill, event, id));
                }
                int flags = 0;
                if (plan.crc == id) {
                    byte[] b = encoder.buffer();
                    LittleEndian.putU32(b, FrameHeader.CRC_OFFSET, LittleEndian.u32(b, FrameHeader.CRC_OFFSET) ^ CORRUPT_CRC_MASK);
                    flags = SourceFrames.FLAG_CORRUPT_CRC;
                    injected.add(new InjectedFault(FaultKind.CRC, spill, event, id));
                }
                out[i].append(encoder.buffer(), 0, length, send, flags);
                if (plan.duplicate == id) {
                    send += DUPLICATE_DELAY_NS;
                    out[i].append(encoder.buffer(), 0, length, send, SourceFrames.FLAG_DUPLICATE);
                    injected.add(new InjectedFault(FaultKind.DUPLICATE, spill, event, id));
                }
                lastSend[i] = send;
            }
        }
        long end = 0;
        for (long s : lastSend) {
            end = Math.max(end, s);
        }
        end += END_DELAY_NS;
        long deadTime = n * DEAD_TIME_NS;
        for (int i = 0; i < sourceIds.length; i++) {
            int id = sourceIds[i];
            long at = end + i;
            heartbeats(out[i], lastSend[i], at);
            if (id == noEnd) {
                injected.add(new InjectedFault(FaultKind.NOEND, spill, 0, id));
                continue;
            }
            byte[] eos = i == 0
                    ? encoder.endOfSpill(id, run, spill, n, new long[] {SpillMarkerFlyweight.SCALER_EOT, eot},
                            new long[] {SpillMarkerFlyweight.SCALER_TRIGGERS, n},
                            new long[] {SpillMarkerFlyweight.SCALER_DEAD_TIME_NS, deadTime})
                    : encoder.endOfSpill(id, run, spill, n);
            out[i].append(eos, 0, eos.length, at, 0);
        }
        for (SourceFrames f : out) {
            f.trim();
        }
        return new SpillData(run, spill, startOffsetNs, end + sourceIds.length, out, truth, injected, eot, deadTime);
    }

    /**
     * Bytes source {@code i} will need for {@code n} triggers: exact without zero suppression,
     * a generous share of that with it; a close first guess saves copying when a benchmark
     * generates a million events.
     */
    private int expectedBytes(int i, int n) {
        int channels = ReferenceSetup.connectedChannels(sourceIds[i]).length;
        long record = settings.encoding() == Encoding.WAVEFORM ? 2 + 2L * ChannelDigitizer.SAMPLES
                : FragmentFlyweight.PEAK_RECORD_LENGTH;
        long fragment = FrameHeader.LENGTH + FragmentFlyweight.HEADER_LENGTH + channels * record;
        if (settings.zeroSuppression() && channels > 0) {
            fragment = FrameHeader.LENGTH + FragmentFlyweight.HEADER_LENGTH + (channels / 2) * record;
        }
        return (int) Math.min(Integer.MAX_VALUE - 64, fragment * (n + 4L) + 256);
    }

    private int triggerType(double u) {
        if (u < settings.randomShare()) {
            return FragmentFlyweight.TRIGGER_RANDOM;
        }
        if (u < settings.randomShare() + settings.ledShare()) {
            return FragmentFlyweight.TRIGGER_CALIBRATION;
        }
        return FragmentFlyweight.TRIGGER_PHYSICS;
    }

    /** Appends HEARTBEATs to {@code frames} for the idle gap between {@code from} and {@code to}. */
    private void heartbeats(SourceFrames frames, long from, long to) {
        for (long at = from + HEARTBEAT_INTERVAL_NS; at < to; at += HEARTBEAT_INTERVAL_NS) {
            byte[] hb = heartbeats[indexOf(frames.sourceId())];
            frames.append(hb, 0, hb.length, at, SourceFrames.FLAG_HEARTBEAT);
        }
    }

    /** Builds source {@code i}'s fragment of {@code event} in the encoder's buffer; returns its length. */
    private int encodeFragment(int i, long spill, long event, long triggerTime, int type, Rng rng) {
        encoder.begin(FrameHeader.TYPE_FRAGMENT, sourceIds[i]).putFragmentHeader(settings.run(), spill, event, 0,
                triggerTime, type, settings.encoding().wireCode(), samples, 0);
        if (i > 0) {
            ChannelDigitizer d = digitizers[i];
            int channels = d.encode(encoder, deposits.of(sourceIds[i]), rng);
            // Channel count and saturation flag are only known now: patch them into the header.
            byte[] b = encoder.buffer();
            LittleEndian.putU16(b, FrameHeader.LENGTH + FragmentFlyweight.CHANNEL_COUNT_OFFSET, channels);
            LittleEndian.putU32(b, FrameHeader.LENGTH + FragmentFlyweight.FLAGS_OFFSET,
                    d.saturated() ? FragmentFlyweight.FLAG_SATURATED : 0);
        }
        return encoder.finish();
    }
}

package na64.daq.app.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

import na64.daq.config.RunConfig;
import na64.daq.emulator.Encoding;
import na64.daq.emulator.Pacing;
import na64.daq.emulator.SimulationSettings;
import na64.daq.emulator.SourceFrames;
import na64.daq.emulator.SpillData;
import na64.daq.emulator.SpillGenerator;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.LittleEndian;

/**
 * A pool of pre-encoded events for the load generator: one spill of {@code events} triggers made
 * by the emulator (reference setup, default physics mix, no faults; PEAK with zero suppression or
 * WAVEFORM without), kept per source as the FRAGMENT frames back to back in one byte array. The
 * generator sends the pool over and over, giving each fragment its new spill number, event number
 * and trigger time in place ({@link Source#stamp}) and re-signing it, so memory stays the pool's
 * whatever the duration.
 *
 * <p>The bytes rewritten are the first {@link #HEAD} bytes of the FRAGMENT payload (run, spill,
 * event, flags, trigger time; run and flags keep their values). Everything after them never
 * changes, so each fragment's CRC of that rest is computed once here and combined with the CRC of
 * the new head ({@link Crc32cShift}).
 */
final class EventPool {
    /** Payload bytes {@link Source#stamp} rewrites: u32 run, u32 spill, u32 event, u32 flags, u64 trigger time. */
    static final int HEAD = 24;
    private static final int SPILL_OFFSET = 4;
    private static final int EVENT_OFFSET = 8;
    private static final int TIME_OFFSET = 16;

    private final Encoding encoding;
    private final long run;
    private final int events;
    private final Source[] sources;
    private final long spanNs;
    private final double eotPerEvent;

    private EventPool(Encoding encoding, long run, int events, Source[] sources, long spanNs, double eotPerEvent) {
        this.encoding = encoding;
        this.run = run;
        this.events = events;
        this.sources = sources;
        this.spanNs = spanNs;
        this.eotPerEvent = eotPerEvent;
    }

    /** Generates {@code events} events of run {@code run} with the emulator (before any clock starts). */
    static EventPool build(RunConfig config, Encoding encoding, long run, int events, long seed) {
        SimulationSettings s = SimulationSettings.defaults().withSeed(seed).withRun(run).withSpills(1)
                .withEventsPerSpill(events).withRateHz(1_000_000).withEncoding(encoding)
                .withZeroSuppression(encoding == Encoding.PEAK).withPacing(Pacing.MAX_SPEED).withSpillGapNs(0);
        SpillGenerator gen = new SpillGenerator(s, config);
        SpillData spill = gen.generate(1, 0);
        int[] ids = gen.sourceIds();
        Source[] sources = new Source[ids.length];
        Map<Integer, Crc32cShift> shifts = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            sources[i] = new Source(ids[i], gen.hello(ids[i]), spill.source(ids[i]), events, shifts);
        }
        long last = sources[0].triggerTime[events - 1];
        // The pool repeats after its last trigger plus one mean gap, so trigger times keep increasing.
        long span = last + SpillGenerator.DEAD_TIME_NS + 1_000;
        return new EventPool(encoding, run, events, sources, span, (double) spill.eot() / events);
    }

    Encoding encoding() {
        return encoding;
    }

    long run() {
        return run;
    }

    /** Distinct events in the pool. */
    int events() {
        return events;
    }

    /** Trigger-time period of the pool, ns: a fragment's time in its {@code w}-th repetition is its pooled time plus {@code w} times this. */
    long spanNs() {
        return spanNs;
    }

    /** Electrons on target per trigger in the pooled spill, for the trigger unit's EOT scaler. */
    double eotPerEvent() {
        return eotPerEvent;
    }

    /** Source {@code i} (trigger unit first); each is meant for one sending thread. */
    Source source(int i) {
        return sources[i];
    }

    int sourceCount() {
        return sources.length;
    }

    /** Pool bytes of all sources per event, on average (frames of FRAGMENTs only). */
    double bytesPerEvent() {
        long b = 0;
        for (Source s : sources) {
            b += s.offsets[events];
        }
        return (double) b / events;
    }

    /**
     * One source's pooled fragments: frame {@code f} (event {@code f + 1} of the pooled spill)
     * occupies {@code data[offset(f), offset(f + 1))}. Not thread-safe: {@link #stamp} writes in place.
     */
    static final class Source {
        final int id;
        final byte[] hello;
        final byte[] data;
        private final int[] offsets;
        private final long[] triggerTime;
        private final int[] restCrc;
        private final Crc32cShift[] shift;
        private final CRC32C crc = new CRC32C();

        Source(int id, byte[] hello, SourceFrames frames, int events, Map<Integer, Crc32cShift> shifts) {
            this.id = id;
            this.hello = hello;
            this.offsets = new int[events + 1];
            this.triggerTime = new long[events];
            this.restCrc = new int[events];
            this.shift = new Crc32cShift[events];
            int bytes = 0;
            for (int k = 0; k < frames.frameCount(); k++) {
                if (frames.frameType(k) == FrameHeader.TYPE_FRAGMENT) {
                    bytes += frames.frameLength(k);
                }
            }
            this.data = new byte[bytes];
            int f = 0;
            for (int k = 0; k < frames.frameCount(); k++) {
                if (frames.frameType(k) != FrameHeader.TYPE_FRAGMENT) {
                    continue; // BEGIN/END_OF_SPILL (and HEARTBEATs, none at 1 MHz) are made per spill
                }
                int len = frames.frameLength(k);
                System.arraycopy(frames.data(), frames.frameOffset(k), data, offsets[f], len);
                int p = offsets[f] + FrameHeader.LENGTH;
                int rest = len - FrameHeader.LENGTH - HEAD;
                triggerTime[f] = LittleEndian.u64(data, p + TIME_OFFSET);
                crc.reset();
                crc.update(data, p + HEAD, rest);
                restCrc[f] = (int) crc.getValue();
                shift[f] = shifts.computeIfAbsent(rest, Crc32cShift::new);
                offsets[f + 1] = offsets[f] + len;
                f++;
            }
            if (f != events) {
                throw new IllegalStateException("source " + id + ": " + f + " fragments in the pool, expected " + events);
            }
        }

        /** Start of pooled frame {@code f} in {@link #data}; {@code offset(events)} is the end of the last one. */
        int offset(int f) {
            return offsets[f];
        }

        /** Pooled trigger time of frame {@code f}, ns since the start of the pooled spill. */
        long triggerTime(int f) {
            return triggerTime[f];
        }

        /** Gives frame {@code f} spill {@code spill}, event number {@code event} and trigger time {@code timeNs}, and its new CRC-32C. */
        void stamp(int f, long spill, long event, long timeNs) {
            int p = offsets[f] + FrameHeader.LENGTH;
            LittleEndian.putU32(data, p + SPILL_OFFSET, spill);
            LittleEndian.putU32(data, p + EVENT_OFFSET, event);
            LittleEndian.putU64(data, p + TIME_OFFSET, timeNs);
            crc.reset();
            crc.update(data, p, HEAD);
            int c = shift[f].apply((int) crc.getValue()) ^ restCrc[f];
            LittleEndian.putU32(data, offsets[f] + FrameHeader.CRC_OFFSET, c & 0xFFFF_FFFFL);
        }
    }
}

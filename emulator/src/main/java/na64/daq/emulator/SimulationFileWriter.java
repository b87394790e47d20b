package na64.daq.emulator;

import na64.daq.config.RunConfig;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.RawFileWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a simulated run as a recorded-spill file ({@code .na64raw}, spec appendix B) plus its
 * truth side file ({@link TruthWriter}): what the service's raw recorder would have written had
 * it received the emulator's frames over clean connections. One spill is held in memory at a time.
 *
 * <p>Timeline: every source's HELLO at time 0, spill 1 starting at 0, each later spill
 * {@code spillGapNs} after the previous one's last frame. Records from the five sources are
 * merged in time order (ties go to the lower source id), so each source's frames keep their
 * order; HEARTBEATs fill every idle gap, including the pause between spills, so a paced replay
 * keeps every connection alive. A reconnect fault appears as a second HELLO.
 */
public final class SimulationFileWriter {
    private final SimulationSettings settings;
    private final RunConfig config;

    public SimulationFileWriter(SimulationSettings settings, RunConfig config) {
        this.settings = settings;
        this.config = config;
    }

    /** What was written. */
    public record Result(Path rawFile, Path truthFile, long records, long bytes, List<GeneratedSpill> spills,
                         InjectedFaults faults) {
    }

    /** Writes {@code rawFile} and the truth next to it ({@link TruthWriter#truthPathFor}). */
    public Result write(Path rawFile) throws IOException {
        return write(rawFile, TruthWriter.truthPathFor(rawFile));
    }

    /** Writes {@code rawFile} and the truth to {@code truthFile}. */
    public Result write(Path rawFile, Path truthFile) throws IOException {
        SpillGenerator generator = new SpillGenerator(settings, config);
        int[] ids = generator.sourceIds();
        long[] last = new long[ids.length];
        List<GeneratedSpill> spills = new ArrayList<>();
        InjectedFaults faults = new InjectedFaults();
        long records = 0;
        long bytes = 16;
        try (RawFileWriter raw = RawFileWriter.create(rawFile); TruthWriter truth = TruthWriter.create(truthFile)) {
            for (int id : ids) {
                byte[] hello = generator.hello(id);
                raw.write(0, hello, 0, hello.length);
                records++;
                bytes += 8 + hello.length;
            }
            long start = 0;
            for (int spill = 1; spill <= settings.spills(); spill++) {
                SpillData data = generator.generate(spill, start);
                if (spill > 1) {
                    long[] counts = gapHeartbeats(raw, ids, last, start);
                    records += counts[0];
                    bytes += counts[1];
                }
                long[] counts = merge(raw, data, last);
                records += counts[0];
                bytes += counts[1];
                truth.write(data);
                spills.add(GeneratedSpill.of(data));
                faults.addAll(data.faults());
                start = data.endOffsetNs() + settings.spillGapNs();
            }
        }
        return new Result(rawFile, truthFile, records, bytes, List.copyOf(spills), faults);
    }

    /** Heartbeats in the pause before the spill starting at {@code nextStart}; returns {records, bytes}. */
    private static long[] gapHeartbeats(RawFileWriter raw, int[] ids, long[] last, long nextStart)
            throws IOException {
        long records = 0;
        long bytes = 0;
        FrameEncoder encoder = new FrameEncoder();
        byte[][] hb = new byte[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            hb[i] = encoder.heartbeat(ids[i]);
        }
        // All sources ended the spill within a few ns, so stepping interval by interval keeps time order.
        for (int step = 1; ; step++) {
            boolean any = false;
            for (int i = 0; i < ids.length; i++) {
                long at = last[i] + step * SpillGenerator.HEARTBEAT_INTERVAL_NS;
                if (at < nextStart) {
                    raw.write(at, hb[i], 0, hb[i].length);
                    records++;
                    bytes += 8 + hb[i].length;
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return new long[] {records, bytes};
    }

    /** Writes one spill's frames of all sources in time order; returns {records, bytes}. */
    private static long[] merge(RawFileWriter raw, SpillData data, long[] last) throws IOException {
        List<SourceFrames> sources = data.sources();
        int n = sources.size();
        int[] next = new int[n];
        long base = data.startOffsetNs();
        long records = 0;
        long bytes = 0;
        while (true) {
            int best = -1;
            long bestTime = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                SourceFrames s = sources.get(i);
                if (next[i] < s.frameCount() && s.sendTimeNs(next[i]) < bestTime) {
                    best = i;
                    bestTime = s.sendTimeNs(next[i]);
                }
            }
            if (best < 0) {
                return new long[] {records, bytes};
            }
            SourceFrames s = sources.get(best);
            int k = next[best]++;
            int len = s.frameLength(k);
            raw.write(base + bestTime, s.data(), s.frameOffset(k), len);
            last[best] = base + bestTime;
            records++;
            bytes += 8 + len;
        }
    }
}

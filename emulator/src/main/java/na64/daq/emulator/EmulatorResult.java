package na64.daq.emulator;

import java.util.List;

/**
 * The outcome of a {@link FrontEndEmulator} run.
 *
 * @param sources      per source, in source-id order
 * @param spills       what each spill held (truth counts, EOT, injected faults)
 * @param elapsedNanos wall time from the first connection to the last close
 */
public record EmulatorResult(List<SourceStats> sources, List<GeneratedSpill> spills, long elapsedNanos) {
    /** True if every source sent everything. */
    public boolean ok() {
        return sources.stream().allMatch(SourceStats::ok);
    }

    /** Frames over all sources. */
    public long totalFrames() {
        return sources.stream().mapToLong(SourceStats::frames).sum();
    }

    /** Bytes over all sources. */
    public long totalBytes() {
        return sources.stream().mapToLong(SourceStats::bytes).sum();
    }

    /** The stats of {@code sourceId}. */
    public SourceStats source(int sourceId) {
        return sources.stream().filter(s -> s.sourceId() == sourceId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no source " + sourceId));
    }
}

package na64.daq.store;

import java.util.List;
import java.util.Set;

import na64.daq.pipeline.SpillSummary;

/**
 * What a service starting on an existing store learns from it in one pass ({@link CrashRecovery#scan}).
 *
 * @param unclosedSpills summaries, closed by {@code CRASH_RECOVERED}, for spills with events but no summary
 * @param configHashes   hashes of the configurations the store holds in configuration records
 * @param openRun        the last begin-of-run record without an end-of-run after it (the previous service
 *                       died during that run), or null
 */
public record StoreHistory(List<SpillSummary> unclosedSpills, Set<String> configHashes, StoredRun openRun) {
    /** What an empty or new store holds. */
    public static final StoreHistory EMPTY = new StoreHistory(List.of(), Set.of(), null);
}

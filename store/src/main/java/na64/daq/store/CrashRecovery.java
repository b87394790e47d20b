package na64.daq.store;

import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.EpochClock;
import na64.daq.pipeline.SpillSummary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Finds spills a crashed service left without a summary. At start-up the service reads the store
 * once (after opening its writer, whose {@link StoreLock} keeps other writers out, before appending)
 * and, for every spill that has stored events but no spill record, appends a summary closed by
 * {@link CloseReason#CRASH_RECOVERED}, so a shifter sees the interrupted spill and what of it survived.
 * The same pass finds the configurations the store holds and a run the crashed service left without
 * an end-of-run record ({@link StoreHistory}). The scan reads the whole store; it runs once per start.
 */
public final class CrashRecovery {
    private CrashRecovery() {
    }

    /** Everything a starting service needs from the store in {@code dir}, in one pass; empty for a new store. */
    public static StoreHistory scan(Path dir, String configHash) {
        return scan(dir, configHash, EpochClock.SYSTEM);
    }

    /** As {@link #scan(Path, String)}, dating the recovered summaries with {@code epochClock}. */
    public static StoreHistory scan(Path dir, String configHash, EpochClock epochClock) {
        if (!EventStoreReader.isStore(dir)) {
            return StoreHistory.EMPTY;
        }
        Map<String, SpillSummary> open = new LinkedHashMap<>();
        Set<String> configs = new HashSet<>();
        StoredRun openRun = null;
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            StoredRecord r;
            while ((r = reader.next()) != null) {
                if (r instanceof StoredEvent e) {
                    SpillSummary s = open.computeIfAbsent(e.run() + "/" + e.spill(), k -> fresh(e, configHash, epochClock));
                    s.triggers = Math.max(s.triggers, e.event());
                    if (e.complete()) {
                        s.complete++;
                    } else {
                        s.incomplete++;
                        for (int m : e.missingSources()) {
                            s.missingPerSource.merge(m, 1L, Long::sum);
                        }
                    }
                    if (e.misaligned()) {
                        s.misaligned++;
                    }
                    for (int b = 0; b < SpillSummary.STREAMS; b++) {
                        if ((e.streams() & (1 << b)) != 0) {
                            s.accepted[b]++;
                        }
                    }
                    s.fragmentsReceived += e.fragments().size();
                } else if (r instanceof StoredSpill sp) {
                    open.remove(sp.summary().run + "/" + sp.summary().spill);
                } else if (r instanceof StoredConfig c) {
                    configs.add(c.hash());
                } else if (r instanceof StoredRun run) {
                    openRun = run.phase() == StoredRun.Phase.BEGIN ? run : null;
                }
            }
        }
        return new StoreHistory(new ArrayList<>(open.values()), configs, openRun);
    }

    private static SpillSummary fresh(StoredEvent e, String configHash, EpochClock epochClock) {
        SpillSummary s = new SpillSummary();
        s.run = e.run();
        s.spill = e.spill();
        s.closeReason = CloseReason.CRASH_RECOVERED;
        s.configHash = configHash;
        s.closedWallClockNs = epochClock.epochNanos();
        return s;
    }
}

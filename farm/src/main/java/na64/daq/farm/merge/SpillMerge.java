package na64.daq.farm.merge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;

/**
 * Merges the partial summaries of each spill into the spill summary {@code daq serve} would have
 * written. A spill is merged once a partial has arrived for every partition, or when
 * {@code timeoutMs} have passed since its first partial (then it is closed by timeout, and the
 * partitions never heard from are named in the log). A second partial for the same (spill,
 * partition), which a rebuild after a takeover may publish, is ignored: the first one counts.
 * Pure logic on a clock the caller passes; one thread.
 *
 * <p>Counts of events and fragments add up over partitions. The trigger unit's END_OF_SPILL
 * values (triggers, EOT, scalers) and BEGIN_OF_SPILL time reach every partition and are taken
 * once. Sources that did not end the spill are the union; the close reason is the worst one.
 */
public final class SpillMerge {
    private final long timeoutMs;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Map<String, Boolean> merged = new HashMap<>();
    /** Partials that repeated one already taken (rebuilds). */
    public long repeatedPartials;

    public SpillMerge(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    /** Marks spill {@code run/spill} as already merged (found in the merged store at start). */
    public void alreadyMerged(long run, long spill) {
        merged.put(run + "/" + spill, Boolean.TRUE);
    }

    /** Takes one partial at wall time {@code nowMs}; returns the summaries now complete (often none). */
    public List<SpillSummary> add(Partial p, long nowMs) {
        String spillKey = p.summary().run + "/" + p.summary().spill;
        List<SpillSummary> out = new ArrayList<>();
        if (merged.containsKey(spillKey)) {
            repeatedPartials++;
            return out;
        }
        Pending s = pending.computeIfAbsent(spillKey, k -> new Pending(p.partitions(), nowMs));
        if (s.parts.putIfAbsent(p.partition(), p.summary()) != null) {
            repeatedPartials++;
        }
        if (s.parts.size() >= s.partitions) {
            out.add(finish(spillKey, s, false));
        }
        return out;
    }

    /** Spills whose partials did not all arrive within the timeout, merged as they are. */
    public List<SpillSummary> expire(long nowMs) {
        List<SpillSummary> out = new ArrayList<>();
        for (Map.Entry<String, Pending> e : new ArrayList<>(pending.entrySet())) {
            if (nowMs - e.getValue().firstMs >= timeoutMs) {
                out.add(finish(e.getKey(), e.getValue(), true));
            }
        }
        return out;
    }

    /** Spills still waiting for partials. */
    public int pendingSpills() {
        return pending.size();
    }

    /** Partitions not yet heard from for each pending spill, for the log. */
    public Map<String, List<Integer>> missingPartitions() {
        Map<String, List<Integer>> m = new TreeMap<>();
        pending.forEach((k, s) -> {
            List<Integer> miss = new ArrayList<>();
            for (int i = 0; i < s.partitions; i++) {
                if (!s.parts.containsKey(i)) {
                    miss.add(i);
                }
            }
            m.put(k, miss);
        });
        return m;
    }

    private SpillSummary finish(String key, Pending s, boolean timedOut) {
        pending.remove(key);
        merged.put(key, Boolean.TRUE);
        SpillSummary m = merge(s.parts.values());
        if (timedOut && m.closeReason == CloseReason.ALL_ENDED) {
            m.closeReason = CloseReason.TIMEOUT;
        }
        return m;
    }

    /** The merged summary of the partials of one spill. */
    public static SpillSummary merge(Iterable<SpillSummary> parts) {
        SpillSummary m = new SpillSummary();
        TreeSet<Integer> notEnded = new TreeSet<>();
        TreeMap<Integer, Long> missing = new TreeMap<>();
        long highestEvent = 0;
        boolean first = true;
        for (SpillSummary p : parts) {
            if (first) {
                m.run = p.run;
                m.spill = p.spill;
                m.configHash = p.configHash;
                m.closeReason = p.closeReason;
                first = false;
            }
            m.complete += p.complete;
            m.incomplete += p.incomplete;
            m.duplicates += p.duplicates;
            m.late += p.late;
            m.misaligned += p.misaligned;
            m.protocolErrors += p.protocolErrors;
            m.fragmentsReceived += p.fragmentsReceived;
            for (int i = 0; i < SpillSummary.STREAMS; i++) {
                m.accepted[i] += p.accepted[i];
            }
            if (p.triggersFromTriggerUnit) {
                m.triggersFromTriggerUnit = true;
                m.triggers = p.triggers;
            } else {
                highestEvent = Math.max(highestEvent, p.triggers);
            }
            m.eot = Math.max(m.eot, p.eot);
            m.triggersScaler = Math.max(m.triggersScaler, p.triggersScaler);
            m.deadTimeNs = Math.max(m.deadTimeNs, p.deadTimeNs);
            p.missingPerSource.forEach((src, n) -> missing.merge(src, n, Long::sum));
            notEnded.addAll(p.sourcesNotEnded);
            if (p.closeReason.code() > m.closeReason.code()) {
                m.closeReason = p.closeReason;
            }
            if (p.beginWallClockNs != 0 && (m.beginWallClockNs == 0 || p.beginWallClockNs < m.beginWallClockNs)) {
                m.beginWallClockNs = p.beginWallClockNs;
            }
            m.closedWallClockNs = Math.max(m.closedWallClockNs, p.closedWallClockNs);
        }
        if (!m.triggersFromTriggerUnit) {
            m.triggers = highestEvent;
        }
        m.missingPerSource.putAll(missing);
        m.sourcesNotEnded.addAll(notEnded);
        return m;
    }

    private static final class Pending {
        final int partitions;
        final long firstMs;
        final Map<Integer, SpillSummary> parts = new TreeMap<>();

        Pending(int partitions, long firstMs) {
            this.partitions = partitions;
            this.firstMs = firstMs;
        }
    }
}

package na64.daq.ingest;

import na64.daq.pipeline.Counter;
import na64.daq.pipeline.SourceIndex;
import na64.daq.config.RunConfig;

/**
 * Keeps the sources within a window of event numbers of each other, so the event builder's bounded
 * table never has to give up an event because one source ran far ahead of another. A source whose
 * next fragment is more than {@code window} events ahead of the slowest live source is paused like
 * any other backpressure (its socket stops being read) until the slowest catches up. This is the
 * credit scheme of classic event builders, kept on the ingest thread where the fragments are seen.
 *
 * <p>A source stops holding the others back when it has ended the spill or sent no fragment for the
 * build timeout (counted from the first connection of any source, so a source that connects a
 * little later than the others is waited for, and one that never comes is not waited for long):
 * its missing fragments then make incomplete events, as they must. When a new spill starts (its
 * first BEGIN_OF_SPILL or fragment from any source), every other connected source gets the build
 * timeout afresh to start it too: front-ends are idle between spills, and without this the first
 * source of a spill found all others stale and ran ahead of them without bound, which made the
 * builder evict events (seen at the start of a run driven flat out). Time is the pipeline's clock,
 * which stands still during backpressure ({@link StallClock}). Event loop thread only.
 */
final class EventWindow {
    private final SourceIndex index;
    private final long[] run;
    private final long[] spill;
    private final long[] lastEvent;
    private final long[] lastFragmentNanos;
    /**
     * Per source: events up to this one (in its current spill) need no full check. A full check that
     * finds the largest lead L leaves room for {@code window - L} more events, because the slower
     * sources only move forward; anything that can make the window stricter resets it.
     */
    private final long[] clearUntil;
    private final boolean[] ended;
    /** The source has a live connection. */
    private final boolean[] live;
    /** The newest spill any source has started; a later one restarts the live sources' staleness. */
    private long newestRun = -1;
    private long newestSpill = -1;
    private final long window;
    private final long staleNanos;
    /** Times a fragment was held back because its source was too far ahead. */
    final Counter holds;
    /**
     * Per source index: when it began holding another source back (0 = it is not). A source that has
     * held the others for longer than the build timeout stops holding them, even though it still
     * sends (a slow but alive front-end): its events then go incomplete, as its staleness would make
     * them (issue 11, item 9). Counted per source in {@link #lagReleases}.
     */
    private final long[] holdingSince;
    /** The source's last event when its hold episode began: one that advances a window per build timeout is not lagging. */
    private final long[] holdingSinceEvent;
    /** Times each source (by index) was let go of for lagging longer than the build timeout. */
    final Counter[] lagReleases;

    /** Pipeline clock; times given to this class are converted to it so backpressure does not make sources stale. */
    private final StallClock stall;

    /** The window of {@code config}'s sources, timed on {@code stall}, counting holds and lag releases in {@code counters}. */
    EventWindow(RunConfig config, SourceIndex index, StallClock stall, IngestCounters counters) {
        this.stall = stall;
        this.index = index;
        int n = index.count();
        run = new long[n];
        spill = new long[n];
        lastEvent = new long[n];
        lastFragmentNanos = new long[n];
        clearUntil = new long[n];
        java.util.Arrays.fill(clearUntil, -1);
        ended = new boolean[n];
        live = new boolean[n];
        holdingSince = new long[n];
        holdingSinceEvent = new long[n];
        holds = counters.windowHolds;
        lagReleases = counters.windowLagReleases;
        java.util.Arrays.fill(ended, true); // before its first spill a source counts as having ended spill 0
        window = Math.max(1, config.builder().maxInFlightEvents() / 2);
        staleNanos = config.builder().buildTimeoutMs() * 1_000_000L;
    }

    /**
     * True when source {@code id}'s fragment (run, spill, event) must wait for slower sources: some
     * live source is more than the window behind it in the same spill, or is still in an earlier
     * spill it has not ended (spills are built one after the other, so the events in flight of two
     * spills never compete for the builder's table).
     */
    boolean mustWait(int id, long r, long s, long event, long now) {
        int i = index.of(id);
        if (event <= clearUntil[i] && run[i] == r && spill[i] == s) {
            return false; // the last full check left this much room: other sources only move on since
        }
        now = pipelineTime(now);
        long maxLead = 0;
        for (int j = 0; j < run.length; j++) {
            if (j == i || now - lastFragmentNanos[j] > staleNanos) {
                continue;
            }
            long lead;
            if (run[j] == r && spill[j] == s) {
                if (ended[j]) {
                    continue;
                }
                lead = event - lastEvent[j];
            } else if (run[j] < r || (run[j] == r && spill[j] < s)) {
                if (!ended[j]) {
                    if (lagging(j, now)) {
                        continue;
                    }
                    holds.increment();
                    return true;
                }
                lead = event; // j ended its spill and will start this one at event 1
            } else {
                continue; // j is ahead of us
            }
            if (lead > window) {
                if (lagging(j, now)) {
                    continue;
                }
                holds.increment();
                return true;
            }
            maxLead = Math.max(maxLead, lead);
        }
        clearUntil[i] = event + (window - maxLead);
        return false;
    }

    /** True when source {@code j}, which would hold a fragment back now, has done so for longer than the build timeout. */
    private boolean lagging(int j, long now) {
        if (holdingSince[j] == 0) {
            holdingSince[j] = now;
            holdingSinceEvent[j] = lastEvent[j];
            return false;
        }
        if (now - holdingSince[j] <= staleNanos) {
            return false;
        }
        if (holdingSince[j] > 0 && (lastEvent[j] - holdingSinceEvent[j] >= window || lastEvent[j] < holdingSinceEvent[j])) {
            // It moved a whole window (or into a new spill) meanwhile: merely the slowest, as in a flat-out
            // run, not lagging. A new episode starts here.
            holdingSince[j] = now;
            holdingSinceEvent[j] = lastEvent[j];
            return false;
        }
        if (holdingSince[j] > 0) {
            lagReleases[j].increment();
            holdingSince[j] = -1; // let go of until it catches up (counted once per episode)
        }
        return true;
    }

    /** Something made the window stricter (a source started a spill or came back): check in full again. */
    private void recheckAll() {
        java.util.Arrays.fill(clearUntil, -1);
    }

    void fragment(int id, long r, long s, long event, long now) {
        now = pipelineTime(now);
        int i = index.of(id);
        if (run[i] != r || spill[i] != s) {
            run[i] = r;
            spill[i] = s;
            ended[i] = false;
            spillStarted(i, r, s, now);
            recheckAll();
        } else if (now - lastFragmentNanos[i] > staleNanos) {
            recheckAll(); // a stale source is back: the others were not held by it until now
        }
        lastEvent[i] = event;
        lastFragmentNanos[i] = now;
        if (holdingSince[i] != 0 && caughtUp(i)) {
            holdingSince[i] = 0; // it held others back, or was let go of: it is within half a window again
        }
    }

    /** True when source {@code i} is within half a window of every other source in its spill. */
    private boolean caughtUp(int i) {
        for (int j = 0; j < run.length; j++) {
            if (j != i && run[j] == run[i] && spill[j] == spill[i] && lastEvent[j] - lastEvent[i] > window / 2) {
                return false;
            }
        }
        return true;
    }

    void beginOfSpill(int id, long r, long s, long now) {
        now = pipelineTime(now);
        int i = index.of(id);
        run[i] = r;
        spill[i] = s;
        lastEvent[i] = 0;
        ended[i] = false;
        lastFragmentNanos[i] = now;
        spillStarted(i, r, s, now);
        recheckAll();
    }

    /** Source {@code i} is now in spill (r, s); if that is a new spill, the other live sources get a fresh timeout. */
    private void spillStarted(int i, long r, long s, long now) {
        if (r > newestRun || (r == newestRun && s > newestSpill)) {
            newestRun = r;
            newestSpill = s;
            for (int j = 0; j < live.length; j++) {
                if (j != i && live[j]) {
                    lastFragmentNanos[j] = now;
                }
            }
        }
    }

    private long pipelineTime(long now) {
        return stall.toPipeline(now);
    }

    void endOfSpill(int id, long r, long s) {
        int i = index.of(id);
        if (run[i] == r && spill[i] == s) {
            ended[i] = true;
        }
    }

    void connected(int id, long now) {
        now = pipelineTime(now);
        for (int j = 0; j < lastFragmentNanos.length; j++) {
            if (lastFragmentNanos[j] == 0) {
                lastFragmentNanos[j] = now; // the window starts with the first connection
            }
        }
        lastFragmentNanos[index.of(id)] = now;
        live[index.of(id)] = true;
        recheckAll();
    }

    void disconnected(int id) {
        // A gone source keeps holding the others until its last fragment is stale (it may come back
        // and continue where it stopped), but a new spill no longer gives it a fresh timeout.
        live[index.of(id)] = false;
    }
}

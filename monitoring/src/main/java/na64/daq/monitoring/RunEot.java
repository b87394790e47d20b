package na64.daq.monitoring;

import na64.daq.pipeline.Counter;
import na64.daq.pipeline.SpillSummary;

/**
 * Electrons on target summed over the closed spills of the current run. Fed by the builder thread
 * through the service's spill-closed listener (once per spill), read by monitoring; both fields are
 * single-writer {@link Counter}s. A spill of another run starts the sum again.
 */
final class RunEot {
    final Counter run = new Counter();
    final Counter eot = new Counter();
    /** BEGIN_OF_SPILL wall clock (ns since the epoch) of the run's first closed spill; 0 before one closed. */
    final Counter runStartWallNs = new Counter();
    /** Events accepted into the invisible stream in the last closed spill. */
    final Counter lastSpillInvisible = new Counter();
    /** Live time of the last closed spill in ppm: 1 − scaler 3 (dead time) / spill length; -1 without scaler 3. */
    final Counter lastSpillLivePpm = new Counter();

    /** Builder thread only. Spills without an EOT scaler (-1) add nothing. */
    void onSpillClosed(SpillSummary s) {
        if (s.run != run.get()) {
            run.set(s.run);
            eot.set(0);
            runStartWallNs.set(s.beginWallClockNs);
        }
        if (s.eot > 0) {
            eot.add(s.eot);
        }
        lastSpillInvisible.set(s.accepted[0]);
        long length = s.closedWallClockNs - s.beginWallClockNs;
        lastSpillLivePpm.set(s.deadTimeNs < 0 || s.beginWallClockNs == 0 || length <= 0 ? -1
                : Math.max(0, Math.round(1e6 * (1 - (double) s.deadTimeNs / length))));
    }
}

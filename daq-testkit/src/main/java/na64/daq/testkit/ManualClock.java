package na64.daq.testkit;

import na64.daq.pipeline.NanoClock;

/** A {@link NanoClock} that only moves when told to, for deterministic timeout tests. */
public final class ManualClock implements NanoClock {
    private volatile long now;

    public ManualClock(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    public void advanceMillis(long ms) {
        now += ms * 1_000_000L;
    }

    public void advanceNanos(long ns) {
        now += ns;
    }
}

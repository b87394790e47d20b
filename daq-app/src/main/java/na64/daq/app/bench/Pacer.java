package na64.daq.app.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces one source at a fixed event rate on the monotonic clock: event {@code k} of the segment is
 * due {@code k / rate} after the start. A source sends in ticks of about {@link #TICK_NS}: it waits
 * (parks, or spins for the last couple of microseconds) until a tick's worth of events is due, then
 * sends every event due by then in one write; one write per event would cost a system call per
 * fragment at high rates. Bursts are bounded: when the source falls more than {@link #burst}
 * events behind (the service stopped reading), the schedule slips rather than catching up flat
 * out. Rate 0 means flat out.
 */
final class Pacer {
    private static final long SPIN_NS = 2_000;
    /** Events due within this long go out together. */
    static final long TICK_NS = 100_000;
    /** A source that waits this long sends a HEARTBEAT, as the spec asks of idle sources (at least once a second). */
    static final long HEARTBEAT_NS = 500_000_000L;

    private final double rateHz;
    private final long burst;
    private final long tick;
    private long startNanos;

    /** {@code rateHz} events per second (0 = flat out), starting at {@code startNanos} ({@link System#nanoTime()}). */
    Pacer(double rateHz, long startNanos) {
        this.rateHz = rateHz;
        this.startNanos = startNanos;
        // at most 10 ms of events at once (a late wake-up on a busy machine is caught up), never fewer than 64
        this.burst = Math.max(64, (long) (rateHz / 100));
        this.tick = Math.max(1, (long) (rateHz * TICK_NS / 1e9));
    }

    static Pacer flatOut() {
        return new Pacer(0, 0);
    }

    boolean paced() {
        return rateHz > 0;
    }

    /**
     * With {@code done} events of the segment sent, how far the source may send now, at most
     * {@code want}: waits until a tick of events from {@code done} is due. {@code idle} runs once per
     * {@link #HEARTBEAT_NS} of waiting.
     */
    long allow(long done, long want, Runnable idle) {
        if (rateHz <= 0) {
            return want;
        }
        while (true) {
            long now = System.nanoTime();
            long due = (long) ((now - startNanos) * rateHz / 1e9) + 1;
            if (due - done > burst) {
                startNanos += (long) ((due - done - burst) * 1e9 / rateHz); // slip: no catch-up beyond one burst
                due = done + burst;
            }
            long target = Math.min(want, done + tick);
            if (due >= target) {
                return Math.min(want, due);
            }
            long wait = startNanos + (long) ((target - 1) * 1e9 / rateHz) - now;
            if (wait > HEARTBEAT_NS) {
                LockSupport.parkNanos(HEARTBEAT_NS);
                idle.run();
            } else if (wait > SPIN_NS) {
                LockSupport.parkNanos(wait - SPIN_NS);
            } else {
                Thread.onSpinWait();
            }
        }
    }
}

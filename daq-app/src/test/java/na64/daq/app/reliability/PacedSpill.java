package na64.daq.app.reliability;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import na64.daq.testkit.FrontEndGroup;

/**
 * A spill sent by {@link FrontEndGroup} on its own thread at one trigger per millisecond until the
 * service dies under it (the kill -9 tests): the events sent so far, and how the sending ended.
 */
final class PacedSpill {
    final AtomicLong sentEvents = new AtomicLong();
    final AtomicReference<Throwable> end = new AtomicReference<>();
    private final Thread thread;

    private PacedSpill(FrontEndGroup fe, long spill) {
        thread = new Thread(() -> {
            try {
                fe.beginOfSpill(spill);
                for (long e = 1; e <= 1_000_000; e++) {
                    fe.event(spill, e);
                    sentEvents.set(e);
                    LockSupport.parkNanos(1_000_000);
                }
            } catch (Throwable t) {
                end.set(t); // the connection died with the service: expected
            }
        }, "paced-front-ends");
    }

    static PacedSpill start(FrontEndGroup fe, long spill) {
        PacedSpill p = new PacedSpill(fe, spill);
        p.thread.start();
        return p;
    }

    /** Waits (at most 30 s) for the sending to end; what ended it, or null if it did not. */
    Throwable awaitEnd() throws InterruptedException {
        thread.join(30_000);
        return end.get();
    }
}

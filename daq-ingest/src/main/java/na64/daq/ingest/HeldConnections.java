package na64.daq.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;

/**
 * The connections whose {@link FlowControl} holds decoding (ring, arena or event window full). When
 * any connection has just put frames into the ring, the slowest source may have moved on, so every
 * held connection is offered another try at once instead of waiting for its retry timer. This keeps
 * the window's holds short without a timer per hold. For a full ring (no other connection
 * progresses) one periodic timer retries them every {@value #RETRY_MICROS} µs while any is held:
 * scheduled when the first is held, cancelled when the last resumes, so a hold costs no allocation.
 * One per ingest server; event loop thread only.
 */
final class HeldConnections {
    static final long RETRY_MICROS = 200;

    private final Runnable tick = this::wake;
    private ScheduledFuture<?> timer;
    private final List<FlowControl> held = new ArrayList<>();
    private final List<FlowControl> snapshot = new ArrayList<>();
    private boolean waking;
    private boolean again;

    void add(FlowControl f, EventExecutor loop) {
        if (!held.contains(f)) {
            held.add(f);
        }
        if (timer == null || timer.isDone()) { // done: cancelled with the channel it was scheduled through
            timer = loop.scheduleAtFixedRate(tick, RETRY_MICROS, RETRY_MICROS, TimeUnit.MICROSECONDS);
        }
    }

    void remove(FlowControl f) {
        held.remove(f);
        if (held.isEmpty() && timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Offers every held connection a retry, repeating while retries make progress. */
    void wake() {
        if (held.isEmpty()) {
            return;
        }
        if (waking) {
            again = true;
            return;
        }
        waking = true;
        try {
            do {
                again = false;
                snapshot.clear();
                for (int i = 0; i < held.size(); i++) {
                    snapshot.add(held.get(i)); // not addAll: it copies through a new array
                }
                for (int i = 0; i < snapshot.size(); i++) {
                    snapshot.get(i).retry();
                }
            } while (again);
        } finally {
            waking = false;
        }
    }
}

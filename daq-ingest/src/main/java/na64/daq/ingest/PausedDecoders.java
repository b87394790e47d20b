package na64.daq.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;

/**
 * The connections whose decoding is paused (ring full, or held by the {@link EventWindow}). When
 * any connection has just put fragments into the ring, the slowest source may have moved on, so
 * every paused connection is offered another try at once instead of waiting for its retry timer.
 * This keeps the window's holds short without a timer per hold. For a full ring (no other
 * connection progresses) one periodic timer retries them every {@value #RETRY_MICROS} µs while any
 * is paused: scheduled when the first pauses, cancelled when the last resumes, so a pause costs no
 * allocation. Event loop thread only.
 */
final class PausedDecoders {
    static final long RETRY_MICROS = 200;

    private final Runnable tick = this::wake;
    private ScheduledFuture<?> timer;
    private final List<FrameDecoder> paused = new ArrayList<>();
    private final List<FrameDecoder> snapshot = new ArrayList<>();
    private boolean waking;
    private boolean again;

    void add(FrameDecoder d, EventExecutor loop) {
        if (!paused.contains(d)) {
            paused.add(d);
        }
        if (timer == null) {
            timer = loop.scheduleAtFixedRate(tick, RETRY_MICROS, RETRY_MICROS, TimeUnit.MICROSECONDS);
        }
    }

    void remove(FrameDecoder d) {
        paused.remove(d);
        if (paused.isEmpty() && timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Offers every paused connection a retry, repeating while retries make progress. */
    void wake() {
        if (waking) {
            again = true;
            return;
        }
        waking = true;
        try {
            do {
                again = false;
                snapshot.clear();
                for (int i = 0; i < paused.size(); i++) {
                    snapshot.add(paused.get(i)); // not addAll: it copies through a new array
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

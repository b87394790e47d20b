package na64.daq.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * The connections whose decoding is paused (ring full, or held by the {@link EventWindow}). When
 * any connection has just put fragments into the ring, the slowest source may have moved on, so
 * every paused connection is offered another try at once instead of waiting for its retry timer.
 * This keeps the window's holds short without a timer per hold. Event loop thread only.
 */
final class PausedDecoders {
    private final List<FrameDecoder> paused = new ArrayList<>();
    private final List<FrameDecoder> snapshot = new ArrayList<>();
    private boolean waking;
    private boolean again;

    void add(FrameDecoder d) {
        if (!paused.contains(d)) {
            paused.add(d);
        }
    }

    void remove(FrameDecoder d) {
        paused.remove(d);
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
                snapshot.addAll(paused);
                for (int i = 0; i < snapshot.size(); i++) {
                    snapshot.get(i).retry();
                }
            } while (again);
        } finally {
            waking = false;
        }
    }
}

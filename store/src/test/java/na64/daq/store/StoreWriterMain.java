package na64.daq.store;

import java.nio.file.Path;
import java.util.Random;

/** Child-process writer for {@link CrossProcessTailTest}: appends the events of {@link #events}. */
public final class StoreWriterMain {
    private StoreWriterMain() {
    }

    /** The {@code i}-th event (1-based) both processes agree on. */
    static TestEvent event(int i) {
        return TestEvent.random(new Random(1000 + i), 77, 1, i);
    }

    /** Args: store directory, number of events. Appends them, a spill record after every 500, then closes. */
    public static void main(String[] args) {
        int n = Integer.parseInt(args[1]);
        try (EventStore store = EventStore.open(Path.of(args[0]), true)) {
            for (int i = 1; i <= n; i++) {
                store.appendEvent(event(i));
                if (i % 500 == 0) {
                    store.appendSpill(StoreAssertions.spill(77, i / 500));
                }
            }
        }
    }
}

package na64.daq.app.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

import na64.daq.pipeline.SpillSummary;

/**
 * The spill summaries a service closed, with the time each arrived: the harness's view of what the
 * service accounted for. Fed from the builder thread ({@link #accept}), read by the harness.
 */
final class SpillWatch implements Consumer<SpillSummary> {
    private final List<SpillSummary> closed = new CopyOnWriteArrayList<>();
    private volatile long lastNanos;

    @Override
    public void accept(SpillSummary s) {
        closed.add(s);
        lastNanos = System.nanoTime();
    }

    /** When the latest summary arrived ({@link System#nanoTime()}). */
    long lastNanos() {
        return lastNanos;
    }

    /** Closed spills of {@code run} numbered {@code first .. first + count - 1}. */
    int count(long run, long first, long count) {
        return (int) of(run, first, count).count();
    }

    /** Events (complete and incomplete) of those spills. */
    long events(long run, long first, long count) {
        return of(run, first, count).mapToLong(s -> s.complete + s.incomplete).sum();
    }

    /** Incomplete events of those spills (a fragment never came, or came after the build timeout). */
    long incomplete(long run, long first, long count) {
        return of(run, first, count).mapToLong(s -> s.incomplete).sum();
    }

    private Stream<SpillSummary> of(long run, long first, long count) {
        return closed.stream().filter(s -> s.run == run && s.spill >= first && s.spill < first + count);
    }

    /**
     * Waits until all {@code count} spills from {@code first} are closed, or until nothing closed
     * for {@code quietMillis} (the service's own spill timeout closes a spill that misses an end;
     * this only guards against a hung service). Returns whether all closed.
     */
    boolean await(long run, long first, long count, long quietMillis) throws InterruptedException {
        long seen = -1;
        long since = System.nanoTime();
        while (true) {
            int n = count(run, first, count);
            if (n >= count) {
                return true;
            }
            if (n != seen) {
                seen = n;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > quietMillis * 1_000_000L) {
                return false;
            }
            Thread.sleep(1);
        }
    }
}

package na64.daq.builder;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Work that run control hands to the builder thread, so that the builder stays the single writer of
 * the spill book and of the store while a run begins or ends: close the open spills at a run stop,
 * append a begin-of-run or configuration record. A task waits until the builder has consumed the
 * ring up to a given sequence (everything ingest published before the request), then runs between
 * two batches. The builder asks at every batch end and every idle wake-up (50 ms); an empty mailbox
 * costs one volatile read.
 */
final class BuilderMailbox {
    private record Task(long afterSequence, Runnable action, CompletableFuture<Void> done) {
    }

    private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
    /** Set once the builder has stopped: later tasks are refused at once. */
    private volatile boolean closed;

    /** Queues {@code action}; it runs on the builder thread once it has consumed {@code afterSequence}. */
    CompletableFuture<Void> submit(long afterSequence, Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        tasks.add(new Task(afterSequence, action, done));
        if (closed) {
            abandon();
        }
        return done;
    }

    /** Builder thread: runs, in order, the tasks whose sequence has been consumed. */
    void runDue(long consumedSequence) {
        Task t;
        while ((t = tasks.peek()) != null && consumedSequence >= t.afterSequence) {
            tasks.poll();
            try {
                t.action.run();
                t.done.complete(null);
            } catch (RuntimeException | Error e) {
                t.done.completeExceptionally(e);
            }
        }
    }

    /** The builder stopped: every task still waiting fails, so nobody waits for it forever. */
    void abandon() {
        closed = true;
        Task t;
        while ((t = tasks.poll()) != null) {
            t.done.completeExceptionally(new IllegalStateException("the event builder has stopped"));
        }
    }
}

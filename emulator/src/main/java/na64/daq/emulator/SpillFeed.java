package na64.daq.emulator;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Hands spills to the per-source senders: either a pre-generated list, or spills generated on a
 * background thread a bounded number ahead of the slowest sender, so memory holds only a few
 * spills however long the run. A spill is dropped once every sender is done with it.
 */
final class SpillFeed implements AutoCloseable {
    private final CompletableFuture<SpillData>[] spills;
    private final AtomicInteger[] pending;
    private final Semaphore ahead;
    private final Thread generator;

    /** Feeds a fixed, already generated list (spill k at index k − 1). */
    SpillFeed(List<SpillData> pregenerated, int consumers) {
        this.spills = futures(pregenerated.size());
        this.pending = counters(pregenerated.size(), consumers);
        for (int k = 0; k < pregenerated.size(); k++) {
            spills[k].complete(pregenerated.get(k));
        }
        this.ahead = null;
        this.generator = null;
    }

    /**
     * Generates {@code count} spills with {@code source} on a daemon thread, at most
     * {@code lookahead} spills ahead of the slowest of {@code consumers} senders; each finished
     * spill goes to {@code onGenerated} (e.g. the truth writer) on that thread.
     */
    SpillFeed(SpillGenerator source, int count, long gapNs, int lookahead, int consumers,
              Consumer<SpillData> onGenerated) {
        this.spills = futures(count);
        this.pending = counters(count, consumers);
        this.ahead = new Semaphore(Math.max(1, lookahead));
        this.generator = new Thread(() -> generate(source, count, gapNs, onGenerated), "emulator-generator");
        this.generator.setDaemon(true);
        this.generator.start();
    }

    private void generate(SpillGenerator source, int count, long gapNs, Consumer<SpillData> onGenerated) {
        long start = 0;
        int k = 0;
        try {
            for (; k < count; k++) {
                ahead.acquire();
                SpillData data = source.generate(k + 1, start);
                onGenerated.accept(data);
                spills[k].complete(data);
                start = data.endOffsetNs() + gapNs;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(k, e);
        } catch (RuntimeException | Error e) {
            fail(k, e);
        }
    }

    private void fail(int from, Throwable cause) {
        for (int k = from; k < spills.length; k++) {
            spills[k].completeExceptionally(cause);
        }
    }

    /**
     * Spill {@code spill} (1-based), waiting at most {@code timeoutNanos}; null on timeout so the
     * caller can send a heartbeat and ask again. Fails if generation failed.
     */
    SpillData await(int spill, long timeoutNanos) throws InterruptedException {
        try {
            return spills[spill - 1].get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("generating spill " + spill + " failed", e.getCause());
        }
    }

    /** One sender is done with {@code spill}; the last one releases it. */
    void done(int spill) {
        if (pending[spill - 1].decrementAndGet() == 0) {
            spills[spill - 1] = CompletableFuture.completedFuture(null);
            if (ahead != null) {
                ahead.release();
            }
        }
    }

    @Override
    public void close() {
        if (generator != null) {
            generator.interrupt();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static CompletableFuture<SpillData>[] futures(int n) {
        CompletableFuture<SpillData>[] f = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            f[i] = new CompletableFuture<>();
        }
        return f;
    }

    private static AtomicInteger[] counters(int n, int consumers) {
        AtomicInteger[] a = new AtomicInteger[n];
        for (int i = 0; i < n; i++) {
            a[i] = new AtomicInteger(consumers);
        }
        return a;
    }
}

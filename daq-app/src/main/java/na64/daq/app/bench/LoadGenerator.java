package na64.daq.app.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import na64.daq.config.RunConfig;
import na64.daq.emulator.Encoding;

/**
 * The load generator behind {@code daq load}: a pool of pre-encoded events ({@link EventPool}) sent
 * in a cycle over one TCP connection per source ({@link PoolSender}), flat out or paced at a fixed
 * event rate. First an optional warm-up (its own spills), then, once {@code afterWarmUp} (given the bytes sent so far) returns,
 * the measured segment: a fixed number of events or a fixed time. All sources send the same events
 * ({@link StopPoint}), so a service that keeps up counts every event complete.
 */
public final class LoadGenerator {
    /**
     * What to send.
     *
     * @param events        measured events, or -1 to send for {@code seconds}
     * @param rateHz        events per second, 0 = flat out
     * @param warmup        events sent before the measured segment, in spills of their own
     * @param poolEvents    distinct events in the pool
     * @param run           run number of every frame (a service refuses spills it already closed: use a new run per load)
     */
    public record Options(Encoding encoding, InetSocketAddress to, long events, double seconds, double rateHz, long warmup,
                          int eventsPerSpill, int poolEvents, long run, long seed) {
    }

    /** What was sent: the measured segment ({@code events}, {@code bytes}, {@code seconds}) and the warm-up apart. */
    public record Report(long events, long bytes, double seconds, long spills, long warmupEvents, long warmupSpills) {
    }

    private final RunConfig config;
    private final Options options;
    private final List<PoolSender> senders = new CopyOnWriteArrayList<>();
    private final List<Exception> failures = new CopyOnWriteArrayList<>();
    private StopPoint[] points = new StopPoint[0];

    public LoadGenerator(RunConfig config, Options options) {
        this.config = config;
        this.options = options;
    }

    /** Events of the running segment sent so far (the slowest source's count), for progress. */
    public long sent() {
        long min = Long.MAX_VALUE;
        for (PoolSender s : senders) {
            min = Math.min(min, s.sent());
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }

    /** Builds the pool, connects, sends the warm-up, calls {@code afterWarmUp} with the bytes sent so far, sends the measured segment. */
    public Report run(LongConsumer afterWarmUp) throws IOException, InterruptedException {
        EventPool pool = EventPool.build(config, options.encoding(), options.run(), options.poolEvents(), options.seed());
        try {
            for (int i = 0; i < pool.sourceCount(); i++) {
                senders.add(new PoolSender(pool, i, options.eventsPerSpill(), options.to()));
            }
            return send(afterWarmUp);
        } finally {
            for (PoolSender s : senders) {
                s.close();
            }
        }
    }

    private Report send(LongConsumer afterWarmUp) throws IOException, InterruptedException {
        int n = senders.size();
        StopPoint warm = StopPoint.after(n, options.warmup());
        StopPoint measured = options.events() >= 0 ? StopPoint.after(n, options.events()) : StopPoint.open(n);
        CountDownLatch warmed = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(n);
        long[] warmSpills = new long[n];
        long[] warmBytes = new long[n];
        long[] spills = new long[n];
        long[] bytes = new long[n];
        long[] start = new long[1];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            PoolSender s = senders.get(i);
            Thread t = new Thread(() -> {
                boolean warmedUp = false;
                try {
                    warmSpills[k] = options.warmup() > 0 ? s.segment(1, warm, Pacer.flatOut()) : 0;
                    warmBytes[k] = s.bytes();
                    warmedUp = true;
                    warmed.countDown();
                    while (!go.await(Pacer.HEARTBEAT_NS, TimeUnit.NANOSECONDS)) {
                        s.heartbeat();
                    }
                    Pacer pacer = options.rateHz() > 0 ? new Pacer(options.rateHz(), start[0]) : Pacer.flatOut();
                    spills[k] = s.segment(1 + warmSpills[k], measured, pacer);
                    bytes[k] = s.bytes() - warmBytes[k];
                } catch (IOException | InterruptedException e) {
                    failures.add(new IOException("source " + s.sourceId() + ": " + e.getMessage(), e));
                } finally {
                    if (!warmedUp) {
                        warmed.countDown();
                    }
                    finished.countDown();
                }
            }, "load-source-" + s.sourceId());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        points = new StopPoint[] {warm, measured};
        awaitOrFail(warmed, -1);
        long warmTotal = 0;
        for (long b : warmBytes) {
            warmTotal += b;
        }
        afterWarmUp.accept(warmTotal);
        start[0] = System.nanoTime();
        go.countDown();
        if (options.events() < 0) {
            awaitOrFail(finished, (long) (options.seconds() * 1e9));
            measured.stop();
        }
        awaitOrFail(finished, -1);
        double seconds = (System.nanoTime() - start[0]) / 1e9;
        for (Thread t : threads) {
            t.join();
        }
        long sentBytes = 0;
        for (long b : bytes) {
            sentBytes += b;
        }
        return new Report(measured.stop(), sentBytes, seconds, spills[0], options.warmup(), warmSpills[0]);
    }

    /**
     * Waits for {@code latch}, at most {@code timeoutNanos} (negative: no limit); on a source's failure
     * closes every connection (so no other source stays blocked in a write) and throws it.
     */
    private void awaitOrFail(CountDownLatch latch, long timeoutNanos) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        while (true) {
            long left = timeoutNanos < 0 ? Long.MAX_VALUE : timeoutNanos - (System.nanoTime() - t0);
            boolean done = latch.await(Math.max(0, Math.min(50_000_000L, left)), TimeUnit.NANOSECONDS);
            if (!failures.isEmpty()) {
                for (StopPoint p : points) {
                    p.abort();
                }
                for (PoolSender s : senders) {
                    s.close();
                }
                throw (IOException) failures.get(0);
            }
            if (done || left <= 0) {
                return;
            }
        }
    }
}

package na64.daq.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqService;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.ingest.IngestCounters;
import na64.daq.store.AppendHook;
import na64.daq.pipeline.SpillSummary;
import na64.daq.trigger.Streams;

/**
 * Acceptance 4, backpressure: with the store stalled (an {@link AppendHook} that waits) and a small
 * ring, the front-ends' blocking writes stop, nothing is dropped, and once the store is released
 * every event of the spill arrives and is stored.
 */
class BackpressureTest {
    private static final int EVENTS = 3000;
    /** Digitizer fragments of up to 36 waveform channels (2.4 kB) fill the socket buffers in a few hundred events. */
    private static final int CHANNELS = 36;
    private static final RunConfig SMALL_RING = ConfigLoader.parse(
            "monitoring: {port: -1}\nbuilder: {ringSize: 64, maxInFlightEvents: 64, buildTimeoutMs: 60000, spillTimeoutMs: 60000}\n",
            "backpressure test overlay");

    @TempDir
    Path store;

    private final CountDownLatch storeReleased = new CountDownLatch(1);
    private final AppendHook stalledStore = () -> {
        try {
            storeReleased.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };
    private final List<SpillSummary> closed = new CopyOnWriteArrayList<>();
    private final AtomicLong eventsWritten = new AtomicLong();
    private final AtomicReference<Throwable> senderFailure = new AtomicReference<>();

    @Test
    @Timeout(120)
    void stalledStoreBlocksTheSenderLosesNothingAndEveryEventArrivesOnceReleased() throws Exception {
        SpillSummary s;
        long storedEvents;
        try (DaqService service = DaqService.start(SMALL_RING, store, "127.0.0.1", 0, stalledStore)) {
            try {
                service.onSpillClosed(closed::add);
                Thread sender = new Thread(() -> sendSpill(service), "front-end-sender");
                sender.start();

                assertSenderBlocksWhileTheStoreIsStalled(service, sender);

                storeReleased.countDown();

                sender.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(senderFailure.get()).isNull();
                assertThat(eventsWritten.get()).isEqualTo(EVENTS);
                await().atMost(60, TimeUnit.SECONDS).until(() -> !closed.isEmpty());
                s = closed.get(0);
                storedEvents = service.store().eventsAppended().get();
                assertThat(totalBackpressureNanos(service.ingest().counters())).as("time spent paused is counted").isPositive();
                assertThat(service.pipeline().counters().evictedEvents.get()).isZero();
            } finally {
                storeReleased.countDown(); // whatever failed, let the service drain and close
            }
        }

        assertThat(s.triggers).isEqualTo(EVENTS);
        assertThat(s.complete).as("every event arrived, complete").isEqualTo(EVENTS);
        assertThat(s.incomplete).isZero();
        assertThat(s.duplicates).isZero();
        assertThat(s.protocolErrors).isZero();
        assertThat(s.accepted[Streams.RANDOM]).isEqualTo(EVENTS);
        assertThat(storedEvents).as("events stored == accepted").isEqualTo(s.accepted[Streams.RANDOM]);
        assertThat(StoreContents.countEvents(store)).isEqualTo(EVENTS);
    }

    private void assertSenderBlocksWhileTheStoreIsStalled(DaqService service, Thread sender) {
        await("the ring fills up").atMost(30, TimeUnit.SECONDS)
                .until(() -> service.pipeline().ring().remainingCapacity() == 0);
        // The receiver's TCP window opens in steps, so a write may wait a moment and go on: wait until
        // the sender sits in a write with no progress between two looks half a second apart.
        AtomicLong lastLook = new AtomicLong(-1);
        await("the sender blocks in a socket write").atMost(30, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS)
                .until(() -> eventsWritten.get() == lastLook.getAndSet(eventsWritten.get()) && blockedInSocketWrite(sender));
        long stuckAt = eventsWritten.get();
        await("the sender makes no progress while the store is stalled")
                .during(1, TimeUnit.SECONDS).atMost(5, TimeUnit.SECONDS)
                .until(() -> eventsWritten.get() == stuckAt && blockedInSocketWrite(sender));
        assertThat(stuckAt).isLessThan(EVENTS);
        assertThat(service.store().eventsAppended().get()).isZero();
        assertThat(senderFailure.get()).isNull();
    }

    /** One thread plays all five front-ends, writing each event to every source in turn, with blocking sockets. */
    private void sendSpill(DaqService service) {
        FrontEnd[] fes = new FrontEnd[5];
        try {
            for (int i = 0; i < 5; i++) {
                int channels = Math.min(CHANNELS, SMALL_RING.source(i + 1).channels());
                fes[i] = FrontEnd.connect(service.ingestAddress(), i + 1, channels, 32 * 1024).hello().beginOfSpill();
            }
            for (long e = 1; e <= EVENTS; e++) {
                for (FrontEnd fe : fes) {
                    fe.fragment(e);
                }
                eventsWritten.set(e);
            }
            fes[0].endOfSpill(EVENTS, 1_000_000);
            for (int i = 1; i < 5; i++) {
                fes[i].endOfSpill(EVENTS);
            }
            await().atMost(60, TimeUnit.SECONDS).until(() -> service.pipeline().counters().spillsClosed.get() == 1);
        } catch (Throwable t) {
            senderFailure.set(t);
        } finally {
            for (FrontEnd fe : fes) {
                try {
                    if (fe != null) {
                        fe.close();
                    }
                } catch (java.io.IOException ignored) {
                    // closing a test socket
                }
            }
        }
    }

    /**
     * The thread is inside a socket write and waiting in native code: the kernel's blocking write, or
     * the poll for writability when the socket is in non-blocking mode.
     */
    private static boolean blockedInSocketWrite(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        return stack.length > 0 && stack[0].isNativeMethod()
                && Arrays.stream(stack).anyMatch(f -> f.getClassName().equals("sun.nio.ch.NioSocketImpl")
                && f.getMethodName().equals("implWrite"));
    }

    private static long totalBackpressureNanos(IngestCounters c) {
        long n = 0;
        for (int i = 0; i <= c.sourceCount(); i++) {
            n += c.backpressureNanos[i].get();
        }
        return n;
    }
}

package na64.daq.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqContext;
import na64.daq.app.DaqService;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.ingest.IngestCounters;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.AppendHook;
import na64.daq.testkit.FrontEndClient;
import na64.daq.testkit.FrontEndFrames;
import na64.daq.testkit.ManualClock;
import na64.daq.trigger.Streams;

/**
 * Acceptance 4, backpressure: with the store stalled (an {@link AppendHook} that waits on a latch)
 * and a small ring, the ring fills, ingest stops reading, the front-end's socket buffer fills and its
 * writes wait; nothing is dropped, and once the store is released every event of the spill arrives
 * and is stored. The service runs on a hand-driven clock: the test lets ten seconds pass during the
 * stall, far longer than the default 2 s build timeout, and finds every event complete (the builder's
 * clock stands still while the ring is full) and the ten seconds counted as time paused.
 */
class BackpressureTest {
    private static final int EVENTS = 3000;
    /** Digitizer fragments of up to 36 waveform channels (2.4 kB) fill the socket buffers in a few hundred events. */
    private static final int CHANNELS = 36;
    /** Run 900 spill 7; digitizers send up to {@link #CHANNELS} channels, as many as their board has. */
    private static final FrontEndFrames.Shape SHAPE = FrontEndFrames.Shape.waveform(900, 7, CHANNELS);
    private static final long STALL_MS = 10_000;
    private static final RunConfig SMALL_RING = ConfigLoader.parse(
            "monitoring: {port: -1}\nbuilder: {ringSize: 64, maxInFlightEvents: 64}\n", "backpressure test overlay");

    @TempDir
    Path store;

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final CountDownLatch storeReleased = new CountDownLatch(1);
    /** Set once the service runs: the run's configuration and begin records are stored first, normally. */
    private final AtomicBoolean stalling = new AtomicBoolean();
    private final AppendHook stalledStore = () -> {
        if (!stalling.get()) {
            return;
        }
        try {
            storeReleased.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };
    private final List<SpillSummary> closed = new CopyOnWriteArrayList<>();
    /** The sender's connections, as it opens them (read by the test thread). */
    private final List<FrontEndClient> frontEnds = new CopyOnWriteArrayList<>();
    private final AtomicLong eventsWritten = new AtomicLong();
    private final AtomicReference<Throwable> senderFailure = new AtomicReference<>();

    @Test
    @Timeout(120)
    void stalledStoreBlocksTheSenderLosesNothingAndEveryEventArrivesOnceReleased() throws Exception {
        SpillSummary s;
        long storedEvents;
        try (DaqService service = DaqService.start(new DaqContext().config(SMALL_RING).storeDir(store)
                .ingestHost("127.0.0.1").ingestPort(0).nanoClock(clock).epochClock(clock)
                .appendHook(stalledStore).spillListener(closed::add))) {
            stalling.set(true);
            try {
                Thread sender = new Thread(() -> sendSpill(service), "front-end-sender");
                sender.start();

                assertSenderBlocksWhileTheStoreIsStalled(service);
                clock.advanceMillis(STALL_MS); // the stall lasts ten seconds of the service's time

                storeReleased.countDown();

                sender.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(senderFailure.get()).isNull();
                assertThat(eventsWritten.get()).isEqualTo(EVENTS);
                await().atMost(60, TimeUnit.SECONDS).until(() -> !closed.isEmpty());
                s = closed.get(0);
                storedEvents = service.store().eventsAppended().get();
                assertThat(totalBackpressureNanos(service.ingest().counters()))
                        .as("the stall is counted as time paused").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(STALL_MS));
                assertThat(frontEnds.stream().mapToLong(f -> f.sendBufferFullWaits()).sum())
                        .as("writes waited for room in the socket").isPositive();
                assertThat(service.pipeline().counters().evictedEvents.get()).isZero();
            } finally {
                storeReleased.countDown(); // whatever failed, let the service drain and close
            }
        }

        assertThat(s.triggers).isEqualTo(EVENTS);
        assertThat(s.complete).as("every event arrived, complete, although the stall outlasted the build timeout")
                .isEqualTo(EVENTS);
        assertThat(s.incomplete).isZero();
        assertThat(s.duplicates).isZero();
        assertThat(s.protocolErrors).isZero();
        assertThat(s.accepted[Streams.RANDOM]).isEqualTo(EVENTS);
        assertThat(storedEvents).as("events stored == accepted").isEqualTo(s.accepted[Streams.RANDOM]);
        assertThat(StoreContents.countEvents(store)).isEqualTo(EVENTS);
    }

    /**
     * The ring fills, ingest keeps finding it full (its connections are paused and no longer read),
     * and the sender finds its socket's send buffer full: it waits to write, far from done.
     */
    private void assertSenderBlocksWhileTheStoreIsStalled(DaqService service) {
        await("the ring fills up").atMost(30, TimeUnit.SECONDS)
                .until(() -> service.pipeline().ring().remainingCapacity() == 0);
        long refusals = service.ingest().ringFullRefusals();
        await("ingest retries and finds the ring still full").atMost(30, TimeUnit.SECONDS)
                .until(() -> service.ingest().ringFullRefusals() > refusals);
        await("the sender waits for room in its socket").atMost(30, TimeUnit.SECONDS)
                .until(() -> frontEnds.stream().anyMatch(FrontEndClient::waitingToWrite));
        assertThat(eventsWritten.get()).isLessThan(EVENTS);
        assertThat(service.store().eventsAppended().get()).isZero();
        assertThat(senderFailure.get()).isNull();
    }

    /** One thread plays all five front-ends, writing each event to every source in turn. */
    private void sendSpill(DaqService service) {
        FrontEndClient[] fes = new FrontEndClient[5];
        try {
            for (int i = 0; i < 5; i++) {
                fes[i] = FrontEndClient.connect(service.ingestAddress(), new FrontEndFrames(i + 1, SHAPE), 32 * 1024)
                        .hello().beginOfSpill();
                frontEnds.add(fes[i]);
            }
            for (long e = 1; e <= EVENTS; e++) {
                for (FrontEndClient fe : fes) {
                    fe.fragment(e);
                }
                eventsWritten.set(e);
            }
            fes[0].endOfSpill(SHAPE.spill(), EVENTS, 1_000_000);
            for (int i = 1; i < 5; i++) {
                fes[i].endOfSpill(EVENTS);
            }
            await().atMost(60, TimeUnit.SECONDS).until(() -> service.pipeline().counters().spillsClosed.get() == 1);
        } catch (Throwable t) {
            senderFailure.set(t);
        } finally {
            for (FrontEndClient fe : fes) {
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

    private static long totalBackpressureNanos(IngestCounters c) {
        long n = 0;
        for (int i = 0; i <= c.sourceCount(); i++) {
            n += c.backpressureNanos[i].get();
        }
        return n;
    }
}

package na64.daq.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqService;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredEvent;
import na64.daq.testkit.FrontEndClient;
import na64.daq.testkit.FrontEndFrames;
import na64.daq.trigger.Streams;

/**
 * Acceptance 3, accounting, end to end: front-ends on real sockets, the whole service
 * ({@link DaqService}: Netty ingest, Disruptor builder, trigger, Chronicle store), and the outcome
 * read back from the store. A duplicate, a missing fragment and a source that never sends
 * END_OF_SPILL, each from one source while the other four send their spill concurrently.
 */
class AccountingEndToEndTest {
    private static final int EVENTS = 20;
    private static final int HCAL = 4;
    /** Every fragment a RANDOM trigger of one waveform channel per digitizer, in run 900 spill 7. */
    private static final FrontEndFrames.Shape SHAPE = FrontEndFrames.Shape.waveform(900, 7, 1);
    /** Long build timeout: events complete or go incomplete by the data alone. HTTP endpoint off. */
    private static final String BASE = "monitoring: {port: -1}\nbuilder: {buildTimeoutMs: 60000, spillTimeoutMs: %d}\n";

    @TempDir
    Path store;

    private final ExecutorService frontEnds = Executors.newCachedThreadPool();
    private final List<SpillSummary> closed = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopFrontEnds() {
        frontEnds.shutdownNow();
    }

    /** What one front-end sends after its HELLO and BEGIN_OF_SPILL. */
    interface Script {
        void play(FrontEndClient fe) throws Exception;
    }

    @Test
    void duplicateFragmentsAreCountedDroppedAndEveryEventIsStoredOnce() throws Exception {
        SpillSummary s;
        try (DaqService service = start(60_000)) {
            sendConcurrently(service, HCAL, fe -> {
                fe.fragments(1, 5).fragment(5);          // the same key twice
                fe.fragments(6, 9).fragment(3);          // an event number not above its last
                fe.fragments(10, EVENTS).fragment(1);    // long after event 1 was stored
                fe.endOfSpill(EVENTS);
            });
            s = awaitSpill(service);
            assertThat(service.pipeline().counters().duplicates.get()).isEqualTo(3);
        }
        StoreContents stored = StoreContents.read(store);

        assertThat(s.duplicates).isEqualTo(3);
        assertThat(s.complete).isEqualTo(EVENTS);
        assertThat(s.incomplete).isZero();
        assertThat(s.closeReason).isEqualTo(CloseReason.ALL_ENDED);
        assertThat(stored.onlySpill().duplicates).isEqualTo(3);
        assertThat(stored.events()).extracting(StoredEvent::event).as("each event stored exactly once")
                .containsExactlyInAnyOrderElementsOf(range(1, EVENTS));
        assertThat(stored.events()).allSatisfy(e -> assertThat(e.fragments()).hasSize(5));
    }

    @Test
    void missingFragmentMakesAnIncompleteEventStoredWithTheMissingSourceAndNeverAccepted() throws Exception {
        SpillSummary s;
        try (DaqService service = start(60_000)) {
            sendConcurrently(service, HCAL, fe -> fe.fragments(1, 6).fragments(8, EVENTS).endOfSpill(EVENTS));
            s = awaitSpill(service);
            assertThat(service.pipeline().counters().missingPerSource[HCAL - 1].get()).isEqualTo(1);
        }
        StoreContents stored = StoreContents.read(store);

        assertThat(s.complete).isEqualTo(EVENTS - 1);
        assertThat(s.incomplete).isEqualTo(1);
        assertThat(s.missingPerSource).containsOnlyKeys(HCAL).containsEntry(HCAL, 1L);
        assertThat(s.accepted[Streams.RANDOM]).isEqualTo(EVENTS - 1);
        assertThat(stored.incompleteEvents()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(7);
            assertThat(e.missingSources()).containsExactly(HCAL);
            assertThat(e.streams()).as("an incomplete event is never accepted").isZero();
            assertThat(e.fragments()).extracting(StoredEvent.Fragment::sourceId).containsExactlyInAnyOrder(1, 2, 3, 5);
        });
        assertThat(stored.completeEvents()).hasSize(EVENTS - 1)
                .allSatisfy(e -> assertThat(e.streams()).isEqualTo(Streams.maskOf(Streams.RANDOM)));
    }

    @Test
    void sourceThatNeverSendsEndOfSpillLetsTheSpillCloseByTimeoutNamingIt() throws Exception {
        SpillSummary s;
        try (DaqService service = start(1_000)) {
            sendConcurrently(service, HCAL, fe -> fe.fragments(1, EVENTS)); // and then silence, connection open
            s = awaitSpill(service);
            assertThat(service.pipeline().counters().spillsTimedOut.get()).isEqualTo(1);
        }
        StoreContents stored = StoreContents.read(store);

        assertThat(s.closeReason).isEqualTo(CloseReason.TIMEOUT);
        assertThat(s.sourcesNotEnded).containsExactly(HCAL);
        assertThat(s.triggers).as("the trigger unit's END_OF_SPILL count").isEqualTo(EVENTS);
        assertThat(s.complete).isEqualTo(EVENTS);
        assertThat(s.eot).isEqualTo(4242);
        SpillSummary fromStore = stored.onlySpill();
        assertThat(fromStore.closeReason).isEqualTo(CloseReason.TIMEOUT);
        assertThat(fromStore.sourcesNotEnded).containsExactly(HCAL);
        assertThat(stored.events()).hasSize(EVENTS);
    }

    private DaqService start(long spillTimeoutMs) throws InterruptedException {
        RunConfig config = ConfigLoader.parse(String.format(BASE, spillTimeoutMs), "end-to-end test overlay");
        DaqService service = DaqService.start(config, store, "127.0.0.1", 0);
        service.onSpillClosed(closed::add);
        return service;
    }

    /**
     * Runs all five front-ends concurrently: the four others send a whole valid spill, {@code odd}
     * plays {@code script}. Each stays connected until the spill has closed.
     */
    private void sendConcurrently(DaqService service, int odd, Script script) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (int source = 1; source <= 5; source++) {
            int src = source;
            running.add(frontEnds.submit(() -> {
                try (FrontEndClient fe = FrontEndClient.connect(service.ingestAddress(), src, SHAPE)) {
                    fe.hello().beginOfSpill();
                    if (src == odd) {
                        script.play(fe);
                    } else if (src == 1) {
                        fe.fragments(1, EVENTS).endOfSpill(SHAPE.spill(), EVENTS, 4242);
                    } else {
                        fe.fragments(1, EVENTS).endOfSpill(EVENTS);
                    }
                    await().atMost(30, TimeUnit.SECONDS).until(() -> service.pipeline().counters().spillsClosed.get() == 1);
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    /** The summary the builder handed over when the spill closed (the store's copy is checked separately). */
    private SpillSummary awaitSpill(DaqService service) {
        await().atMost(30, TimeUnit.SECONDS).until(() -> !closed.isEmpty());
        return closed.get(0);
    }

    private static List<Long> range(long first, long last) {
        List<Long> r = new ArrayList<>();
        for (long e = first; e <= last; e++) {
            r.add(e);
        }
        return r;
    }
}

package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqService;
import na64.daq.builder.BuilderCounters;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.store.AppendHook;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoreGuard;
import na64.daq.store.StoredEvent;
import na64.daq.testkit.FrontEndGroup;

/**
 * Issue 11, items 7 and 10, on the real service: a store that cannot write (a real full tmpfs, an
 * append that faults like a full disk under the mapped file, the store directory removed) stops the
 * run visibly (/status "failed", health, daq_store_failed, the DaqStoreFailed alert) and holds the
 * front-ends by backpressure instead of dropping; at the stop, what could not be stored is counted
 * (built = stored + not stored, exactly), the stop is not called clean, and {@code daq dump} reads
 * the store to its last whole record.
 */
class StoreFailureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RunConfig CONFIG = ConfigLoader.parse("""
            monitoring: {port: 0}
            builder: {buildTimeoutMs: 60000, spillTimeoutMs: 60000, ringSize: 1024, maxInFlightEvents: 512}
            """, "store failure overlay");

    @TempDir
    Path dir;

    @Test
    void aFullDiskStopsTheRunVisiblyHoldsTheFrontEndsAndDumpReadsToTheLastWholeRecord() throws Exception {
        Path mnt = Files.createDirectories(dir.resolve("tmpfs"));
        assumeTrue(mount(mnt), "mounting a tmpfs is not permitted here (needs root); the fault-injection test covers the logic");
        try {
            run(mnt.resolve("store"), null, 36, null);
        } finally {
            new ProcessBuilder("umount", "-l", mnt.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void anAppendThatFaultsLikeAFullDiskStopsTheRunTheSameWay() throws Exception {
        AtomicInteger appends = new AtomicInteger();
        AppendHook faultAt500 = () -> {
            if (appends.incrementAndGet() == 500) {
                throw new InternalError("a fault occurred in a recent unsafe memory access operation in compiled Java code");
            }
        };
        run(dir.resolve("store"), faultAt500, 2, "an append failed: java.lang.InternalError");
    }

    @Test
    void theStoreDirectoryRemovedWhileServingStopsTheRunTheSameWay() throws Exception {
        Path store = dir.resolve("store");
        run(store, null, 2, "was removed");
    }

    /**
     * Spill 1 (100 triggers) is stored; spill 2 is sent from another thread until the store fails
     * (tmpfs full), the hook faults, or, when neither, the directory is removed after spill 1.
     */
    private void run(Path store, AppendHook hook, int channels, String why) throws Exception {
        List<SpillSummary> closed = new CopyOnWriteArrayList<>();
        DaqService service = DaqService.start(CONFIG, store, "127.0.0.1", 0, hook);
        StoreGuard guard = service.store().guard();
        CompletableFuture<Long> sender;
        try (FrontEndGroup fe = new FrontEndGroup(15, channels)) {
            service.onSpillClosed(closed::add);
            fe.connectAll(service.ingestAddress()).beginOfSpill(1);
            for (long e = 1; e <= 100; e++) {
                fe.event(1, e);
            }
            fe.endOfSpill(1, 100);
            await().atMost(30, TimeUnit.SECONDS).until(() -> closed.size() == 1);
            if (hook == null && channels == 2) {
                deleteRecursively(store);
            }
            fe.beginOfSpill(2);
            sender = CompletableFuture.supplyAsync(() -> {
                long e = 1;
                try {
                    for (; e <= 100_000; e++) {
                        fe.event(2, e);
                    }
                } catch (IOException closedByTheStop) {
                    // the service stopped while this front-end was held
                }
                return e - 1;
            });
            await("the store failure seen").atMost(60, TimeUnit.SECONDS).until(() -> status(service).path("state").asText().equals("failed"));
            JsonNode st = status(service);
            assertThat(st.path("store").path("failed").asBoolean()).isTrue();
            if (why != null) {
                assertThat(st.path("store").path("failure").asText()).contains(why);
            }
            assertThat(st.path("health").path("ok").asBoolean()).isFalse();
            assertThat(st.path("health").path("problems").get(0).asText()).startsWith("store failed: ");
            assertThat(service.monitoring().healthProblems()).hasSize(1);
            assertThat(Metrics.scrape(service).value("daq_store_failed")).isEqualTo(1);
            if (hook != null) { // the faulting append is an unexpected exception: it is in the distinct error log
                assertThat(st.path("errors")).anySatisfy(e ->
                        assertThat(e.path("type").asText()).isEqualTo(InternalError.class.getName()));
            }

            // Backpressure, not drop: the builder is held, the ring fills, the front-end's sends block.
            await("the ring fills").atMost(60, TimeUnit.SECONDS).until(() -> service.pipeline().ring().remainingCapacity() == 0);
            long published = service.pipeline().publishedSequence();
            assertThat(sender).as("the front-end is held, not drained").isNotDone();
            assertThat(service.pipeline().publishedSequence()).as("nothing more taken in").isEqualTo(published);
        }
        service.close();
        BuilderCounters b = service.pipeline().counters();
        assertThat(b.completeEvents.get() + b.incompleteEvents.get()).as("every built event stored or counted as not stored")
                .isEqualTo(service.store().eventsAppended().get() + guard.eventsNotStored.get());
        assertThat(guard.eventsNotStored.get()).isPositive();
        assertThat(guard.spillsNotStored.get()).as("spill 2, closed by the stop").isEqualTo(1);
        assertThat(closed).hasSize(2);
        if (hook != null || channels != 2) {
            assertDumpReadsToTheLastWholeRecord(store, service.store().eventsAppended().get());
        }
    }

    private static void assertDumpReadsToTheLastWholeRecord(Path store, long eventsStored) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Cli r;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            r = Cli.run("dump", "--store", store.toString());
        } finally {
            System.setOut(saved);
        }
        assertThat(r.code()).as("dump: %s", r.err()).isZero();
        r.assertNoStackTrace();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        // The configuration and the begin of the run come first; the run's end found the store failed (logged).
        assertThat(lines).as("every stored event, spill 1's summary, the configuration and the run's begin")
                .hasSize((int) eventsStored + 3);
        for (String line : lines) {
            assertThat(JSON.readTree(line).path("kind").asText()).isIn("event", "spill", "config", "run_begin");
        }
        List<StoredEvent> events = StoreFiles.events(store);
        assertThat(events).allMatch(StoredEvent::complete);
        assertThat(StoreFiles.spills(store)).hasSize(1);
    }

    private static boolean mount(Path at) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", at.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        try (Stream<Path> all = Files.walk(p)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static JsonNode status(DaqService service) throws Exception {
        return JSON.readTree(Metrics.get(service.monitoring().metricsUrl().replace("/metrics", "/status")));
    }
}

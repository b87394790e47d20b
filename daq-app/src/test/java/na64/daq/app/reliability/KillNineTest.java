package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.pipeline.CloseReason;
import na64.daq.store.EventStoreReader;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredEvent;
import na64.daq.testkit.FrontEndGroup;

/**
 * Issue 6, item 2: {@code daq serve} in its own JVM is killed with SIGKILL in the middle of a paced
 * spill, while {@code daq dump} (a third JVM) has been reading the store. Every event that reader
 * saw is still in the store afterwards, in the same order and byte for byte (the JSON lines, and
 * each fragment against what the front-ends sent); the store reopens; a restarted {@code serve} on
 * the same store takes the next spill. Until the restart the interrupted spill has its built events and
 * no summary; the restarted service writes one closed by {@code crash_recovered}, counting what the
 * store holds of it: that is what docs/reliability.md tells the shifter.
 */
class KillNineTest {
    private static final long RUN = 4711;
    private static final int CHANNELS = 4;

    @TempDir
    Path dir;

    @Test
    void sigkillMidSpillLosesNoEventAReaderSawAndARestartedServiceTakesTheNextSpill() throws Exception {
        Path store = dir.resolve("store");
        FrontEndGroup fe = new FrontEndGroup(RUN, CHANNELS);
        List<String> seenWhileRunning;
        try (DaqProcess serve = DaqProcess.start(dir.resolve("serve-1.err"), "serve", "--port", "0", "--http-port", "-1",
                "--store", store.toString())) {
            InetSocketAddress ingest = serve.awaitIngest();
            fe.connectAll(ingest).beginOfSpill(1);
            for (long e = 1; e <= 100; e++) {
                fe.event(1, e);
            }
            fe.endOfSpill(1, 100);
            awaitStored(store, () -> spills(store).size() == 1);

            // Spill 2, paced at one trigger per millisecond, on its own thread until the service dies.
            PacedSpill spill2 = PacedSpill.start(fe, 2);
            awaitStored(store, () -> eventsOfSpill(store, 2) >= 50);

            seenWhileRunning = DaqProcess.run(dir.resolve("dump-1.err"), "dump", "--store", store.toString());
            assertThat(seenWhileRunning).as("the concurrent reader saw events of the running spill")
                    .anyMatch(l -> l.contains("\"spill\":2,") && l.contains("\"kind\":\"event\""));
            long sentAtKill = spill2.sentEvents.get();
            serve.process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no drain, no summary
            assertThat(serve.awaitExit()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
            assertThat(spill2.awaitEnd()).as("the front-ends noticed the service was gone").isNotNull();
            assertThat(spill2.sentEvents.get()).isGreaterThanOrEqualTo(sentAtKill);
        } finally {
            fe.close();
        }

        // After the crash: the store opens, and holds every line the reader saw, byte for byte, in order.
        List<String> afterCrash = DaqProcess.run(dir.resolve("dump-2.err"), "dump", "--store", store.toString());
        assertThat(afterCrash.subList(0, seenWhileRunning.size())).as("what the reader saw is still there, in order")
                .containsExactlyElementsOf(seenWhileRunning);
        List<StoredEvent> crashed = events(store, 2);
        assertThat(crashed).as("events of the interrupted spill built before the kill").hasSizeGreaterThanOrEqualTo(50);
        for (StoredEvent e : crashed) {
            assertThat(e.complete()).isTrue();
            assertThat(e.fragments()).hasSize(5).allSatisfy(f -> assertThat(f.payload()).as("event %d source %d", e.event(),
                    f.sourceId()).isEqualTo(fe.payload(2, f.sourceId(), e.event())));
        }
        assertThat(crashed).extracting(StoredEvent::event).as("built in trigger order, none missing before the last")
                .containsExactlyElementsOf(range(1, crashed.size()));
        assertThat(spills(store)).as("the interrupted spill has no summary").extracting(s -> s.spill).containsExactly(1L);

        // A restarted service on the same store takes the next spill.
        FrontEndGroup fe2 = new FrontEndGroup(RUN, CHANNELS);
        try (DaqProcess serve = DaqProcess.start(dir.resolve("serve-2.err"), "serve", "--port", "0", "--http-port", "-1",
                "--store", store.toString())) {
            fe2.connectAll(serve.awaitIngest()).beginOfSpill(3);
            for (long e = 1; e <= 100; e++) {
                fe2.event(3, e);
            }
            fe2.endOfSpill(3, 100);
            awaitStored(store, () -> spills(store).size() == 3);
            fe2.close();
            serve.process.destroy(); // SIGTERM: drain and close cleanly
            assertThat(serve.awaitExit()).as("SIGTERM exit (128 + 15) after the shutdown hook ran").isEqualTo(143);
            assertThat(Files.readString(dir.resolve("serve-2.err"))).contains("stopped cleanly");
        }
        List<SpillSummary> spills = spills(store);
        assertThat(spills).extracting(s -> s.spill).containsExactly(1L, 2L, 3L);
        SpillSummary recovered = spills.get(1);
        assertThat(recovered.closeReason).as("the interrupted spill is summarised at restart").isEqualTo(CloseReason.CRASH_RECOVERED);
        assertThat(recovered.complete).as("its stored events").isEqualTo(crashed.size());
        assertThat(recovered.triggers).isEqualTo(crashed.get(crashed.size() - 1).event());
        SpillSummary third = spills.get(2);
        assertThat(third.complete).isEqualTo(100);
        assertThat(third.incomplete).isZero();
        assertThat(third.closeReason).isEqualTo(CloseReason.ALL_ENDED);
        assertThat(events(store, 3)).hasSize(100).allSatisfy(e -> assertThat(e.fragments())
                .allSatisfy(f -> assertThat(f.payload()).isEqualTo(fe2.payload(3, f.sourceId(), e.event()))));
        assertThat(events(store, 2)).as("the crashed spill's events are untouched by the restart").hasSize(crashed.size());
        List<String> finalDump = DaqProcess.run(dir.resolve("dump-3.err"), "dump", "--store", store.toString());
        assertThat(finalDump.subList(0, afterCrash.size())).as("the restart only appended").containsExactlyElementsOf(afterCrash);
    }

    private static void awaitStored(Path store, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!(EventStoreReader.isStore(store) && condition.getAsBoolean())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the store did not get there within 60 s");
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    private static List<SpillSummary> spills(Path store) {
        return StoreFiles.spills(store);
    }

    private static List<StoredEvent> events(Path store, long spill) {
        return StoreFiles.events(store, spill);
    }

    private static long eventsOfSpill(Path store, long spill) {
        return events(store, spill).size();
    }

    private static List<Long> range(long first, long last) {
        List<Long> r = new ArrayList<>();
        for (long e = first; e <= last; e++) {
            r.add(e);
        }
        return r;
    }
}

package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqMain;
import na64.daq.app.DaqService;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;
import na64.daq.testkit.FrontEndGroup;

/**
 * Issue 12: one writer per store. A second service on a store in use is refused at start with one
 * line naming the store and the holder's PID, writes nothing (above all, no crash_recovered summary
 * for the running service's open spill), and readers keep working; once the holder stops, the next
 * service starts on the same store.
 */
class OneWriterPerStoreTest {
    private static final RunConfig CONFIG = ConfigLoader.loadDefault().withMonitoringPort(0);
    private static final String SELF = Long.toString(ProcessHandle.current().pid());

    @TempDir
    Path dir;

    @Test
    void aSecondServiceInTheSameJvmIsRefusedNamingStoreAndPidAndTouchesNothingOfTheRunningSpill() throws Exception {
        Path store = dir.resolve("store");
        try (DaqService first = DaqService.start(CONFIG, store, "127.0.0.1", 0);
             FrontEndGroup fe = new FrontEndGroup(31, 2)) {
            fe.connectAll(first.ingestAddress()).beginOfSpill(1);
            for (long e = 1; e <= 50; e++) {
                fe.event(1, e);
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> StoreFiles.events(store, 1).size() == 50);

            assertThatThrownBy(() -> DaqService.start(CONFIG, store, "127.0.0.1", 0))
                    .isInstanceOf(DaqMain.UserError.class)
                    .hasMessageContaining("store " + store.toAbsolutePath())
                    .hasMessageContaining("pid " + SELF)
                    .hasMessageNotContaining("\n");
            assertThat(StoreFiles.spills(store)).as("the refused service summarised no spill as crashed").isEmpty();

            for (long e = 51; e <= 100; e++) {
                fe.event(1, e);
            }
            fe.endOfSpill(1, 100);
            await().atMost(30, TimeUnit.SECONDS).until(() -> StoreFiles.spills(store).size() == 1);
        }
        List<SpillSummary> spills = StoreFiles.spills(store);
        assertThat(spills).extracting(s -> s.closeReason).containsExactly(CloseReason.ALL_ENDED);
        assertThat(spills.get(0).complete).as("the first service kept writing after the refusal").isEqualTo(100);

        try (DaqService next = DaqService.start(CONFIG, store, "127.0.0.1", 0)) {
            assertThat(next.storeDir()).isEqualTo(store); // the holder closed: the store is free again
        }
        assertThat(StoreFiles.spills(store)).as("nothing to recover after a clean stop").hasSize(1);
    }

    @Test
    void aSecondServeOnAStoreAnotherServeWritesIsOneLineExitTwoNamingItsPidAndDumpStillReads() throws Exception {
        Path store = dir.resolve("store");
        try (DaqProcess serve = DaqProcess.start(dir.resolve("serve.err"), "serve", "--port", "0", "--http-port", "-1",
                "--store", store.toString());
             FrontEndGroup fe = new FrontEndGroup(32, 2)) {
            fe.connectAll(serve.awaitIngest()).beginOfSpill(1);
            for (long e = 1; e <= 20; e++) {
                fe.event(1, e);
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> StoreFiles.events(store, 1).size() == 20);

            Cli second = Cli.run("serve", "--port", "0", "--http-port", "-1", "--store", store.toString());
            assertThat(second.code()).as(second.err()).isEqualTo(DaqMain.USAGE);
            second.assertOneLine();
            assertThat(second.err()).contains("store " + store.toAbsolutePath())
                    .contains("pid " + serve.process.pid()).contains("in use");

            List<String> dumped = DaqProcess.run(dir.resolve("dump.err"), "dump", "--store", store.toString());
            assertThat(dumped).as("a reader needs no lock: its events and spill, past the run and configuration records")
                    .filteredOn(l -> l.contains("\"kind\":\"event\"") || l.contains("\"kind\":\"spill\"")).hasSize(20);

            serve.process.destroy(); // SIGTERM: drains, closes the spill, releases the store
            assertThat(serve.awaitExit()).isEqualTo(143);
        }
        try (DaqService next = DaqService.start(CONFIG, store, "127.0.0.1", 0)) {
            assertThat(StoreFiles.spills(store)).hasSize(1);
        }
    }
}

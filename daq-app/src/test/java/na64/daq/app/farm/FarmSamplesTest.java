package na64.daq.app.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import na64.daq.app.replay.Recording;
import na64.daq.app.replay.Replayer;
import na64.daq.config.ConfigLoader;
import na64.daq.farm.FarmRunner;
import na64.daq.farm.broker.LocalKafka;

/**
 * Acceptance 1 and 2 of the farm, on a real single-node KRaft broker started from the Maven
 * artifacts: both shared recordings through a 3-builder farm give exactly {@code daq serve}'s
 * stored events and spill summaries; a builder killed with SIGKILL in the middle of a spill loses
 * nothing and stores nothing twice, and the merged summary is the same.
 */
class FarmSamplesTest {
    static Path tmp;
    static LocalKafka kafka;
    static Recording ref;
    static Recording faulty;
    static List<JsonNode> refServed;
    static List<JsonNode> faultyServed;

    @BeforeAll
    static void brokerAndReference() throws Exception {
        tmp = FarmKit.cleanDir("samples");
        kafka = LocalKafka.start(tmp.resolve("kafka"), 256);
        ref = FarmKit.sample("reference-spill");
        faulty = FarmKit.sample("faulty-spill");
        refServed = FarmKit.serveResult(ref, tmp.resolve("serve-ref"));
        faultyServed = FarmKit.serveResult(faulty, tmp.resolve("serve-faulty"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void threeBuilderFarmStoresExactlyWhatServeStoresForBothSamples() throws Exception {
        List<JsonNode> reference = new ArrayList<>(refServed);
        reference.addAll(faultyServed);

        Path dir = tmp.resolve("farm-samples");
        try (FarmRunner farm = FarmKit.farm(dir, kafka.bootstrap(), "samples", 3, 6)) {
            InetSocketAddress ingest = address(farm.ingest());
            assertThat(Replayer.replay(ref, ingest, 0).failures()).isEmpty();
            // The next run's front-ends connect once this one's have gone (else: source already connected).
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).until(() -> farm.mergedSpills() == 1);
            assertThat(Replayer.replay(faulty, ingest, 0).failures()).isEmpty();
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).until(() -> farm.mergedSpills() == 3);
        }
        List<JsonNode> result = FarmKit.farmResult(dir);
        FarmKit.assertSameResult(result, reference);
        FarmKit.assertAccounting(result, ConfigLoader.loadDefault().sources().size());
    }

    @Test
    void builderKilledMidSpillLosesNothingAndStoresNothingTwice() throws Exception {
        Path dir = tmp.resolve("farm-kill");
        try (FarmRunner farm = FarmKit.farm(dir, kafka.bootstrap(), "kill", 3, 6)) {
            Process victim = farm.builders().get(1);
            Path victimStore = dir.resolve("builder-2").resolve("store");
            // The 10 ms recording stretched to 8 s, so the kill lands in the middle of the spill.
            Thread replay = new Thread(() -> {
                try {
                    assertThat(Replayer.replay(ref, address(farm.ingest()), 0.00125).failures()).isEmpty();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "slow-replay");
            replay.start();
            await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> FarmKit.storedEvents(victimStore) > 0);
            victim.destroyForcibly().waitFor(); // SIGKILL: no commit, no goodbye to the group
            assertThat(replay.isAlive()).as("the spill is still being sent when the builder dies").isTrue();
            assertThat(farm.mergedSpills()).as("the spill is not summarised yet").isZero();
            replay.join();
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).until(() -> farm.mergedSpills() == 1);
        }
        List<JsonNode> result = FarmKit.farmResult(dir);
        FarmKit.assertSameResult(result, refServed); // fails on any event stored twice, any event missing
        assertThat(FarmKit.takeoversThatFoundStoredEvents(dir)).as("a survivor rebuilt a partition of the dead "
                + "builder and skipped the events it had stored").isPositive();
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}

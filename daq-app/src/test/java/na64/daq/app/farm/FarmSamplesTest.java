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

    @BeforeAll
    static void broker() throws Exception {
        tmp = FarmKit.cleanDir("samples");
        kafka = LocalKafka.start(tmp.resolve("kafka"), 256);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void threeBuilderFarmStoresExactlyWhatServeStoresForBothSamples() throws Exception {
        List<JsonNode> reference = new ArrayList<>();
        Recording ref = FarmKit.sample("reference-spill");
        Recording faulty = FarmKit.sample("faulty-spill");
        reference.addAll(FarmKit.serveResult(ref, tmp.resolve("serve-ref")));
        reference.addAll(FarmKit.serveResult(faulty, tmp.resolve("serve-faulty")));

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

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}

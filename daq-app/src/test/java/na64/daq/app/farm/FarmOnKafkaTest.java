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
import na64.daq.config.RunConfig;
import na64.daq.farm.FarmTopics;
import na64.daq.farm.GroupWatch;
import na64.daq.farm.builder.FarmBuilder;
import na64.daq.farm.merge.MergerService;
import na64.daq.farm.readout.Readout;
import na64.daq.ingest.IngestCounters;
import na64.daq.farm.FarmRunner;
import na64.daq.farm.broker.LocalKafka;

/**
 * The farm's acceptance tests, on one real single-node KRaft broker started from the Maven
 * artifacts for the class: both shared recordings through a 3-builder farm give exactly
 * {@code daq serve}'s stored events and spill summaries; a builder killed with SIGKILL in the middle
 * of a spill loses nothing and stores nothing twice, and the merged summary is the same; a broker
 * that stops for seconds makes the readout stop reading the front-ends, and nothing is lost. Each
 * test uses its own farm name (topics, group) on the shared broker.
 */
class FarmOnKafkaTest {
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

    @Test
    void stalledBrokerMakesTheReadoutStopReadingAndLosesNothing() throws Exception {
        // A small ring and a small in-flight bound, so a stopped broker backs up to the sockets at once.
        RunConfig cfg = ConfigLoader.parse("builder:\n  ringSize: 512\n", "stall-test");
        FarmTopics topics = new FarmTopics("stall");
        Path dir = tmp.resolve("farm-stall");
        Readout readout = Readout.start(cfg, kafka.bootstrap(), topics, 2, "127.0.0.1", 0, 64 * 1024);
        FarmBuilder builder = new FarmBuilder(cfg, kafka.bootstrap(), topics, dir.resolve("builder-1").resolve("store"), "1");
        Thread builderThread = new Thread(builder, "builder-1");
        builderThread.start();
        MergerService merger = new MergerService(kafka.bootstrap(), topics, dir.resolve("merged"), 15_000);
        Thread mergerThread = new Thread(merger, "merger");
        mergerThread.start();
        new GroupWatch(kafka.bootstrap(), topics).awaitOwned(1, 2, 60);
        try {
            signal("STOP");
            Thread replay = new Thread(() -> {
                try {
                    assertThat(Replayer.replay(ref, readout.address(), 0).failures()).isEmpty();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "replay");
            replay.start();
            await().atMost(30, TimeUnit.SECONDS).until(() -> readout.ingest().ringFullRefusals() > 0);
            // The broker stays stopped for three seconds (the stimulus), during which the ring stays full.
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
            long sentDuringStall = readout.forwarder().records.get();
            signal("CONT");
            replay.join();
            await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).until(() -> merger.merged.get() == 1);
            IngestCounters in = readout.ingest().counters();
            long paused = 0;
            long forwarded = 0;
            for (int i = 0; i <= in.sourceCount(); i++) {
                paused += in.backpressureNanos[i].get();
                forwarded += in.fragmentFrames[i].get() - in.fragmentFramesRefused[i].get();
            }
            assertThat(paused).as("time the readout kept front-ends paused (autoRead off), ns").isGreaterThan(2_000_000_000L);
            assertThat(sentDuringStall).as("records handed to Kafka while it was stopped").isLessThan(forwarded);
            assertThat(readout.forwarder().backpressureWaits()).as("waits for Kafka's acknowledgements").isPositive();
            assertThat(readout.forwarder().failures.get() + readout.forwardErrors.get()).as("records lost").isZero();
            long afterClose = builder.counters().values().stream().mapToLong(c -> c.fragmentsAfterSpillClose.get()).sum();
            assertThat(afterClose).isZero();
            readout.close();
            List<JsonNode> result = FarmKit.farmResult(dir);
            long received = FarmKit.spills(result).values().stream().mapToLong(s -> s.get("fragments_received").asLong()).sum();
            assertThat(received).as("fragments the readout forwarded = fragments received in the merged summaries")
                    .isEqualTo(forwarded);
        } finally {
            signal("CONT");
            readout.close();
            builder.close();
            builderThread.join();
            merger.close();
            mergerThread.join();
        }
        List<JsonNode> result = FarmKit.farmResult(dir);
        FarmKit.assertSameResult(FarmKit.withoutConfigHash(result), FarmKit.withoutConfigHash(refServed));
        FarmKit.assertAccounting(result, cfg.sources().size());
    }

    @Test
    void farmRunCommandPrintsItsLinesAndSigtermStopsEveryProcess() throws Exception {
        Path dir = tmp.resolve("farm-cli");
        List<String> cmd = new ArrayList<>(FarmOptions.daqCommand());
        cmd.addAll(List.of("farm", "run", "--dir", dir.toString(), "--builders", "1", "--kafka", kafka.bootstrap(),
                "--farm", "cli", "--builder-heap", "384"));
        java.nio.file.Files.createDirectories(dir);
        Process farm = new ProcessBuilder(cmd).redirectError(dir.resolve("farm.log").toFile()).start();
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(farm.getInputStream()));
            String ready = out.readLine();
            String builder = out.readLine();
            assertThat(ready).matches("farm ready: ingest=127\\.0\\.0\\.1:\\d+ kafka=" + kafka.bootstrap().replace(".", "\\."));
            assertThat(builder).matches("builder 1 pid=\\d+ store=.*/farm-cli/builder-1/store");
            long pid = Long.parseLong(builder.replaceAll(".*pid=(\\d+).*", "$1"));
            assertThat(Replayer.replay(ref, address(ready.replaceAll(".*ingest=(\\S+).*", "$1")), 0).failures()).isEmpty();
            await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                    .until(() -> java.nio.file.Files.readString(dir.resolve("farm.log")).contains("merged run 4242 spill 1"));
            farm.destroy(); // SIGTERM
            assertThat(farm.waitFor(90, TimeUnit.SECONDS)).as("farm run exits after SIGTERM").isTrue();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("builder process gone").isFalse();
        } finally {
            farm.destroyForcibly();
        }
        FarmKit.assertSameResult(FarmKit.farmResult(dir), refServed);
    }

    /** Sends SIGSTOP or SIGCONT to the broker: a broker that stops answering, then comes back. */
    private static void signal(String sig) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "kill -" + sig + " " + kafka.process().pid()).inheritIO().start();
        assertThat(p.waitFor()).as("kill -" + sig).isZero();
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}

package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqService;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.ingest.ConnectionClosure;
import na64.daq.ingest.IngestCounters;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.HelloFlyweight;
import na64.daq.protocol.ProtocolError;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredEvent;
import na64.daq.testkit.FrontEndGroup;

/**
 * Issue 11, items 1, 2, 3, 15 and 16 on the real service over loopback: what one connection does
 * costs that connection only. Floods of connections before HELLO (a 1 MiB frame announced and
 * stalled, a HELLO trickled and stalled, plain silence) are refused or closed within bounded
 * direct memory and descriptors while the five real sources take a complete spill; a source whose
 * old connection went silent without FIN takes over with a new HELLO; an idle connection is
 * closed; HELLOs that disagree with the configuration are refused; and the repeated warnings are
 * rate-limited and counted. Each failure is visible in /status and the metrics (alert rules in
 * docker/prometheus/alerts.yml, checked by AlertRulesTest).
 */
class HostileConnectionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROUNDS = 300;
    private static final int PENDING_LIMIT = 16;

    @TempDir
    Path store;

    private static RunConfig config(String ingest) {
        return ConfigLoader.parse("monitoring: {port: 0}\nbuilder: {buildTimeoutMs: 60000, spillTimeoutMs: 60000}\n"
                + "ingest: " + ingest + "\n", "hostile connections overlay");
    }

    @Test
    void floodsBeforeHelloStayWithinMemoryAndDescriptorBoundsAndTheRealSpillIsComplete() throws Exception {
        RunConfig cfg = config("{helloTimeoutMs: 400, maxPendingConnections: " + PENDING_LIMIT + "}");
        List<SpillSummary> closed = new CopyOnWriteArrayList<>();
        try (DaqService service = DaqService.start(cfg, store, "127.0.0.1", 0);
             FrontEndGroup fe = new FrontEndGroup(11, 2);
             Attacker attacker = new Attacker(service.ingestAddress())) {
            service.onSpillClosed(closed::add);
            int port = service.ingestAddress().getPort();
            fe.connectAll(service.ingestAddress()).beginOfSpill(1);
            System.gc();
            IngestCounters in = service.ingest().counters();
            long directBefore = ProcessResources.directMemory();
            int fdBefore = ProcessResources.openDescriptors();
            long maxDirect = 0;
            long maxServiceFds = 0;
            long maxOpen = 0;
            byte[] trickledHello = Arrays.copyOf(Attacker.header(FrameHeader.TYPE_HELLO, 3, HelloFlyweight.MAX_LENGTH),
                    FrameHeader.LENGTH + 100);
            for (int round = 1; round <= ROUNDS; round++) {
                attacker.open(Attacker.header(FrameHeader.TYPE_FRAGMENT, 3, FrameHeader.MAX_PAYLOAD)); // 1 MiB announced
                attacker.open(trickledHello);   // a HELLO that never ends
                attacker.open(new byte[0]);     // nothing at all
                fe.event(1, round);
                if (round % 10 != 0) {
                    continue; // a probe reads /proc/net/tcp, which lists every attacking socket: tens of ms
                }
                // This JVM holds the attackers' ends too: what the service holds is the rest.
                maxServiceFds = Math.max(maxServiceFds, ProcessResources.openDescriptors() - fdBefore - attacker.sockets.size());
                maxOpen = Math.max(maxOpen, in.openConnections.get());
                maxDirect = Math.max(maxDirect, ProcessResources.directMemory() - directBefore);
            }
            await("every attacker closed by the service").atMost(30, TimeUnit.SECONDS)
                    .until(() -> in.pendingConnections.get() == 0 && in.openConnections.get() == 5);
            for (long e = ROUNDS + 1; e <= 2000; e++) {
                fe.event(1, e);
            }
            fe.endOfSpill(1, 2000);
            await().atMost(30, TimeUnit.SECONDS).until(() -> closed.size() == 1);

            // Bounds: beyond the five sources, the pending limit + 16 being closed (AcceptLimit), and sockets already
            // closed whose descriptor the JDK releases when the selector next runs (Netty forces that every 256 closes).
            assertThat(maxServiceFds).as("descriptors the service opened during %d attacking connections", 3 * ROUNDS)
                    .isLessThanOrEqualTo(PENDING_LIMIT + 16 + 256);
            assertThat(maxOpen).as("connections open at once (AcceptLimit)").isLessThanOrEqualTo(5 + PENDING_LIMIT + 16);
            assertThat(maxDirect).as("direct memory growth during the flood").isLessThan(16L << 20);
            assertThat(ProcessResources.serviceSockets(port)).as("only the five sources remain").hasSize(5);

            long refusedFrames = in.errors(0, ProtocolError.BAD_LENGTH);
            long byDeadline = in.closures(0, ConnectionClosure.HELLO_TIMEOUT);
            long byLimit = in.closures(0, ConnectionClosure.PENDING_LIMIT);
            long atAccept = in.acceptRefused.get();
            assertThat(refusedFrames + byDeadline + byLimit + atAccept).as("every attacking connection closed, and counted once")
                    .isEqualTo(3 * ROUNDS);
            assertThat(refusedFrames).as("1 MiB announced before HELLO: refused from the header").isPositive();
            assertThat(byLimit).as("the pending limit held").isPositive();
            // One warning per refusal or closure; at most 5 lines per kind (3 kinds here) per 10 s get through.
            assertThat(in.logLinesSuppressed.get()).as("repeated warnings rate-limited")
                    .isGreaterThanOrEqualTo(refusedFrames + byDeadline + byLimit - 3 * 5 * 6);

            Metrics m = Metrics.scrape(service);
            assertThat(m.value("daq_source_protocol_errors_total{reason=\"bad_length\",source=\"unattributed\"}"))
                    .isEqualTo(refusedFrames);
            assertThat(m.value("daq_ingest_connections_refused_at_accept_total")).isEqualTo(atAccept);
            assertThat(m.value("daq_source_connections_closed_total{reason=\"hello_timeout\",source=\"unattributed\"}"))
                    .isEqualTo(byDeadline);
            assertThat(m.value("daq_source_connections_closed_total{reason=\"pending_limit\",source=\"unattributed\"}"))
                    .isEqualTo(byLimit);
            assertThat(m.value("daq_ingest_connections_pending")).isZero();
            assertThat(m.value("daq_ingest_connections_open")).isEqualTo(5);
            assertThat(m.value("daq_ingest_log_lines_suppressed_total")).isEqualTo(in.logLinesSuppressed.get());
            JsonNode conn = status(service).path("connections");
            assertThat(conn.path("closed").path("hello_timeout").asLong()).isEqualTo(byDeadline);
            assertThat(conn.path("closed").path("pending_limit").asLong()).isEqualTo(byLimit);
            assertThat(conn.path("open").asLong()).isEqualTo(5);

            SpillSummary s = closed.get(0);
            assertThat(s.complete).as("the real sources' spill").isEqualTo(2000);
            assertThat(s.incomplete).isZero();
            assertThat(s.protocolErrors).as("nothing charged to the spill").isZero();
            Accounting.check(service, closed);
        }
        assertThat(StoreFiles.events(store)).hasSize(2000).allMatch(StoredEvent::complete);
    }

    @Test
    void aSourceWhoseOldConnectionWentSilentTakesOverWithANewHelloAndKeepaliveIsOn() throws Exception {
        RunConfig cfg = config("{silenceTimeoutMs: 1500}");
        List<SpillSummary> closed = new CopyOnWriteArrayList<>();
        try (DaqService service = DaqService.start(cfg, store, "127.0.0.1", 0);
             FrontEndGroup fe = new FrontEndGroup(12, 2);
             FrontEndGroup rebooted = new FrontEndGroup(12, 2)) {
            service.onSpillClosed(closed::add);
            InetSocketAddress at = service.ingestAddress();
            fe.connectAll(at).beginOfSpill(1);
            for (long e = 1; e <= 100; e++) {
                fe.event(1, e);
            }
            IngestCounters in = service.ingest().counters();
            // /proc/net/tcp shows one timer per socket: one being re-armed (or another timer) reads 0 for an instant.
            org.awaitility.Awaitility.await().atMost(10, java.util.concurrent.TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(ProcessResources.serviceSockets(at.getPort())).as("every source connection has a keepalive timer")
                            .hasSize(5).allSatisfy(sock -> assertThat(sock[1]).isEqualTo(2)));

            // HCAL's crate power-cycles: its old connection stays open on the service side, no FIN.
            fe.heartbeat(4); // the last thing the old connection sent
            try (Attacker early = new Attacker(at)) {
                Socket tooSoon = early.open(new FrameEncoder().hello(4, 1, 36, "HCAL"));
                assertThat(Attacker.errorText(tooSoon)).as("not yet silent: refused")
                        .startsWith("source_already_connected");
            }
            await("HCAL silent").atMost(10, TimeUnit.SECONDS)
                    .until(() -> status(service).path("sources").get(3).path("silent").asBoolean());
            rebooted.connect(at, 4, 0);
            await().atMost(10, TimeUnit.SECONDS).until(() -> in.closures(4, ConnectionClosure.TAKEN_OVER) == 1);
            for (long e = 101; e <= 300; e++) {
                for (int s : FrontEndGroup.SOURCES) {
                    (s == 4 ? rebooted : fe).fragment(s, 1, e);
                }
            }
            for (int s : FrontEndGroup.SOURCES) {
                (s == 4 ? rebooted : fe).endOfSpill(s, 1, 300);
            }
            await().atMost(30, TimeUnit.SECONDS).until(() -> closed.size() == 1);

            assertThat(in.connected[in.indexOf(4)].get()).as("the new connection is the live one").isEqualTo(1);
            assertThat(in.connections[in.indexOf(4)].get()).isEqualTo(2);
            Metrics m = Metrics.scrape(service);
            assertThat(m.value("daq_source_connections_closed_total{reason=\"taken_over\",source=\"4\"}")).isEqualTo(1);
            assertThat(m.value("daq_source_connected{source=\"4\"}")).isEqualTo(1);
            assertThat(status(service).path("connections").path("closed").path("taken_over").asLong()).isEqualTo(1);
            assertThat(closed.get(0).complete).as("every trigger complete across the takeover").isEqualTo(300);
            Accounting.check(service, closed);
        }
    }

    @Test
    void anIdleConnectionIsClosedWhileOneSendingHeartbeatsStays() throws Exception {
        RunConfig cfg = config("{silenceTimeoutMs: 200, idleTimeoutMs: 600}");
        try (DaqService service = DaqService.start(cfg, store, "127.0.0.1", 0);
             Attacker idle = new Attacker(service.ingestAddress());
             FrontEndGroup alive = new FrontEndGroup(13, 2)) {
            Socket quiet = idle.open(new FrameEncoder().hello(5, 1, 19, "VETO-SRD"));
            alive.connect(service.ingestAddress(), 2, 0);
            IngestCounters in = service.ingest().counters();
            long heartbeats = 0;
            while (in.closures(5, ConnectionClosure.IDLE_TIMEOUT) == 0 && heartbeats < 10_000_000) {
                alive.heartbeat(2);
                heartbeats++;
            }
            assertThat(Attacker.errorText(quiet)).startsWith("idle_timeout: nothing received for ");
            await().atMost(10, TimeUnit.SECONDS).until(() -> in.connected[in.indexOf(5)].get() == 0);
            assertThat(in.connected[in.indexOf(2)].get()).as("the source sending heartbeats stays").isEqualTo(1);
            assertThat(in.closures(2, ConnectionClosure.IDLE_TIMEOUT)).isZero();
            JsonNode st = status(service);
            assertThat(st.path("sources").get(4).path("connected").asBoolean()).isFalse();
            assertThat(st.path("connections").path("closed").path("idle_timeout").asLong()).isEqualTo(1);
            assertThat(Metrics.scrape(service).value("daq_source_connections_closed_total{reason=\"idle_timeout\",source=\"5\"}"))
                    .isEqualTo(1);
        }
    }

    @Test
    void helloThatDisagreesWithTheConfigurationIsRefusedWithAClearErrorAndTheOthersCarryOn() throws Exception {
        List<SpillSummary> closed = new CopyOnWriteArrayList<>();
        try (DaqService service = DaqService.start(config("{}"), store, "127.0.0.1", 0);
             Attacker bad = new Attacker(service.ingestAddress());
             FrontEndGroup fe = new FrontEndGroup(14, 2)) {
            service.onSpillClosed(closed::add);
            FrameEncoder enc = new FrameEncoder();
            assertThat(Attacker.errorText(bad.open(enc.hello(3, HelloFlyweight.BOARD_TRIGGER_UNIT, 0, "ECAL-MAIN"))))
                    .isEqualTo("hello_mismatch: source 3 (ECAL-MAIN) is configured as msadc (board kind 1), the HELLO says board kind 2");
            assertThat(Attacker.errorText(bad.open(enc.hello(3, HelloFlyweight.BOARD_MSADC, 999, "ECAL-MAIN"))))
                    .isEqualTo("hello_mismatch: source 3 (ECAL-MAIN) is configured with 36 channels, the HELLO says 999");
            assertThat(Attacker.errorText(bad.open(enc.hello(3, HelloFlyweight.BOARD_MSADC, 36, "SPARE"))))
                    .isEqualTo("hello_mismatch: source 3 is configured as \"ECAL-MAIN\", the HELLO names the board \"SPARE\"");
            fe.connectAll(service.ingestAddress()).beginOfSpill(1);
            for (long e = 1; e <= 100; e++) {
                fe.event(1, e);
            }
            fe.endOfSpill(1, 100);
            await().atMost(30, TimeUnit.SECONDS).until(() -> closed.size() == 1);
            IngestCounters in = service.ingest().counters();
            assertThat(in.errors(0, ProtocolError.HELLO_MISMATCH)).isEqualTo(3);
            assertThat(Metrics.scrape(service).value(
                    "daq_source_protocol_errors_total{reason=\"hello_mismatch\",source=\"unattributed\"}")).isEqualTo(3);
            assertThat(closed.get(0).complete).isEqualTo(100);
            Accounting.check(service, closed);
        }
    }

    private static JsonNode status(DaqService service) throws Exception {
        return JSON.readTree(Metrics.get(service.monitoring().metricsUrl().replace("/metrics", "/status")));
    }
}

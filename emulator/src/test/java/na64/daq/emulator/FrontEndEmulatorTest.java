package na64.daq.emulator;

import na64.daq.testkit.TestConfigs;

import na64.daq.config.RunConfig;
import na64.daq.protocol.FrameHeader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class FrontEndEmulatorTest {
    private static final RunConfig CONFIG = TestConfigs.reference();

    /** What a source's connections must carry, heartbeats aside: its HELLO, then each spill's frames. */
    private static byte[] expected(SpillGenerator g, List<SpillData> spills, int id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(g.hello(id));
        for (SpillData d : spills) {
            SourceFrames f = d.source(id);
            for (int i = 0; i < f.frameCount(); i++) {
                if (f.frameType(i) != FrameHeader.TYPE_HEARTBEAT) {
                    out.write(f.data(), f.frameOffset(i), f.frameLength(i));
                }
            }
        }
        return out.toByteArray();
    }

    @Test
    void fiveSourcesStreamEveryFrameOverTheirOwnConnectionsIncludingReconnects() throws Exception {
        SimulationSettings s = SimulationSettings.defaults().withSeed(3).withSpills(2).withEventsPerSpill(400)
                .withEncoding(Encoding.PEAK).withPacing(Pacing.MAX_SPEED)
                .withFaults(new FaultRates(0.01, 0.01, 0.01, 0.005, 0));
        List<SpillData> spills = FrontEndEmulator.pregenerate(s, CONFIG);
        InjectedFaults injected = new InjectedFaults();
        spills.forEach(d -> injected.addAll(d.faults()));
        assertThat(injected.count(FaultKind.RECONNECT)).isPositive();
        Set<String> done = ConcurrentHashMap.newKeySet();
        EmulatorResult r;
        try (FrameServer server = new FrameServer()) {
            r = new FrontEndEmulator(s, CONFIG, "127.0.0.1", server.port())
                    .progress(p -> {
                        if (p.spillDone()) {
                            done.add(p.sourceId() + "/" + p.spill());
                        }
                    })
                    .run();
            SpillGenerator g = new SpillGenerator(s, CONFIG);
            assertThat(r.ok()).isTrue();
            for (int id : ReferenceSetup.SOURCE_IDS) {
                SourceStats st = r.source(id);
                long reconnects = injected.list().stream()
                        .filter(f -> f.kind() == FaultKind.RECONNECT && f.sourceId() == id).count();
                assertThat(server.bytesOf(id)).as("source %d's bytes", id).isEqualTo(expected(g, spills, id));
                assertThat(server.count(server.frames, id)).isEqualTo(st.frames());
                assertThat(server.count(server.connections, id)).isEqualTo(1 + reconnects);
                assertThat(st.connections()).isEqualTo(1 + reconnects);
                assertThat(done).contains(id + "/1", id + "/2");
            }
        }
        assertThat(r.spills()).hasSize(2);
        assertThat(r.spills().get(1).faults().list()).isEqualTo(spills.get(1).faults().list());
    }

    @Test
    void realTimePacingSendsEveryPregeneratedFrameAndHeartbeatsWhileIdle() throws Exception {
        SimulationSettings s = SimulationSettings.defaults().withSeed(4).withSpills(2).withEventsPerSpill(200)
                .withRateHz(50_000).withEncoding(Encoding.WAVEFORM).withZeroSuppression(true)
                .withPacing(Pacing.REALTIME).withSpillGapNs(400_000_000L);
        List<SpillData> spills = FrontEndEmulator.pregenerate(s, CONFIG);
        try (FrameServer server = new FrameServer()) {
            EmulatorResult r = new FrontEndEmulator(s, CONFIG, "127.0.0.1", server.port())
                    .heartbeatInterval(Duration.ofMillis(50))
                    .stream(spills);
            assertThat(r.ok()).isTrue();
            SpillGenerator g = new SpillGenerator(s, CONFIG);
            for (int id : ReferenceSetup.SOURCE_IDS) {
                assertThat(server.bytesOf(id)).isEqualTo(expected(g, spills, id));
                // The 400 ms pause between the spills is idle time: several 50 ms heartbeats.
                assertThat(server.count(server.heartbeats, id)).isGreaterThanOrEqualTo(2);
                assertThat(r.source(id).heartbeats()).isEqualTo(server.count(server.heartbeats, id));
            }
        }
    }

    @Test
    void aServiceThatIsNotThereIsReportedAtConnect() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        SimulationSettings s = SimulationSettings.defaults().withEventsPerSpill(10);
        FrontEndEmulator emulator = new FrontEndEmulator(s, CONFIG, "127.0.0.1", port).connectTimeout(Duration.ofSeconds(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(emulator::run)
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("cannot connect");
    }
}

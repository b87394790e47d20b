package na64.daq.app.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import na64.daq.app.DaqService;
import na64.daq.app.replay.Recording;
import na64.daq.app.replay.Replayer;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.emulator.Encoding;
import na64.daq.emulator.FaultRates;
import na64.daq.emulator.Pacing;
import na64.daq.emulator.SimulationFileWriter;
import na64.daq.emulator.SimulationSettings;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.LittleEndian;
import na64.daq.protocol.RawFileReader;
import na64.daq.store.EventStoreReader;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;

/**
 * Issue 3, acceptance 1: a file written by {@code daq simulate --out} (with faults) is read back by
 * the replayer and sent through the real service; its stored decisions agree exactly with decisions
 * recomputed here, independently of trigger-logic, from the decoded bytes per spec §7–§8 and the
 * reference setup of appendix A.
 */
class SimulatedRunConformanceTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Encoding.class)
    void serviceDecisionsOnASimulatedRunMatchAnIndependentRecomputation(Encoding encoding) throws Exception {
        RunConfig config = ConfigLoader.loadDefault().withMonitoringPort(-1);
        SimulationSettings settings = SimulationSettings.defaults().withSeed(2024).withRun(77).withSpills(2)
                .withEventsPerSpill(1500).withEncoding(encoding).withZeroSuppression(encoding == Encoding.PEAK)
                .withSignalFraction(0.05).withPacing(Pacing.MAX_SPEED)
                .withFaults(FaultRates.parse(java.util.List.of("missing=0.01", "crc=0.01", "duplicate=0.01")));
        Path raw = dir.resolve("sim.na64raw");
        new SimulationFileWriter(settings, config).write(raw);

        Map<String, Integer> expected = recompute(raw);
        assertThat(expected.values()).as("the sample holds accepted events of every stream").contains(1, 2);

        Path store = dir.resolve("store");
        Recording recording = Recording.load(raw);
        try (DaqService service = DaqService.start(config, store, "127.0.0.1", 0)) {
            assertThat(Replayer.replay(recording, service.ingestAddress(), 0).failures()).isEmpty();
            await().atMost(30, TimeUnit.SECONDS).until(() -> service.pipeline().counters().spillsClosed.get() == 2);
        }
        Map<String, Integer> stored = new TreeMap<>();
        try (EventStoreReader reader = EventStoreReader.open(store)) {
            StoredRecord r;
            while ((r = reader.next()) != null) {
                if (r instanceof StoredEvent e && e.streams() != 0) {
                    stored.put(key(e.run(), e.spill(), e.event()), e.streams());
                }
            }
        }
        assertThat(stored).isEqualTo(new TreeMap<>(expected));
    }

    /** Spec §7–§8 on appendix A, written out here without the service's code: key -> stream mask. */
    private static Map<String, Integer> recompute(Path raw) throws Exception {
        Map<String, Map<Integer, byte[]>> events = new HashMap<>();
        Set<String> seen = new HashSet<>();
        CRC32C crc = new CRC32C();
        try (RawFileReader r = RawFileReader.open(raw)) {
            while (r.next()) {
                byte[] f = r.frame();
                int len = r.frameLength() - FrameHeader.LENGTH;
                if (r.type() != FrameHeader.TYPE_FRAGMENT) {
                    continue;
                }
                crc.reset();
                crc.update(f, FrameHeader.LENGTH, len);
                if ((int) crc.getValue() != LittleEndian.i32(f, FrameHeader.CRC_OFFSET)) {
                    continue; // corrupt: the service skips it
                }
                byte[] p = java.util.Arrays.copyOfRange(f, FrameHeader.LENGTH, FrameHeader.LENGTH + len);
                String key = key(LittleEndian.u32(p, 0), LittleEndian.u32(p, 4), LittleEndian.u32(p, 8));
                if (seen.add(r.sourceId() + "/" + key)) {
                    events.computeIfAbsent(key, k -> new HashMap<>()).put(r.sourceId(), p);
                }
            }
        }
        Map<String, Integer> accepted = new HashMap<>();
        for (Map.Entry<String, Map<Integer, byte[]>> e : events.entrySet()) {
            Map<Integer, byte[]> frags = e.getValue();
            if (frags.size() != 5) {
                continue; // incomplete: never accepted
            }
            double[] sums = new double[6]; // ps, main, hcal, vetoPmtSum, srd
            for (int src = 2; src <= 5; src++) {
                addEnergies(src, frags.get(src), sums);
            }
            byte[] tu = frags.get(1);
            int type = LittleEndian.u16(tu, 24);
            long event = LittleEndian.u32(tu, 8);
            double ps = sums[0];
            double ecal = sums[0] + sums[1];
            double hcal = sums[2];
            double veto = sums[3] / 2;
            double srd = sums[4];
            int mask = 0;
            boolean physics = (type & 1) != 0;
            if (physics && srd >= 1 && srd <= 120 && ps >= 300 && ecal < 0.5 * 100_000 && hcal < 1000 && veto < 2) {
                mask |= 1;
            }
            if ((type & 4) != 0) {
                mask |= 2;
            }
            if (physics && event % 1000 == 0) {
                mask |= 4;
            }
            if (mask != 0) {
                accepted.put(e.getKey(), mask);
            }
        }
        return accepted;
    }

    private static void addEnergies(int src, byte[] p, double[] sums) {
        int encoding = p[26];
        int samples = p[27] & 0xFF;
        int channels = LittleEndian.u16(p, 28);
        int record = encoding == 1 ? 6 : 2 + 2 * samples;
        for (int i = 0; i < channels; i++) {
            int off = 32 + i * record;
            int ch = LittleEndian.u16(p, off);
            double a;
            if (encoding == 1) {
                a = LittleEndian.u16(p, off + 2);
            } else {
                double ped = 0;
                int max = 0;
                for (int s = 0; s < samples; s++) {
                    int v = LittleEndian.u16(p, off + 2 + 2 * s);
                    if (s < 4) {
                        ped += v;
                    }
                    max = Math.max(max, v);
                }
                a = max - ped / 4;
            }
            if (a < 8) {
                continue;
            }
            switch (src) {
                case 2 -> sums[0] += a * 5;
                case 3 -> sums[1] += a * 25;
                case 4 -> sums[2] += a * 12;
                default -> {
                    if (ch <= 5) {
                        sums[3] += a * 0.01;
                    } else if (ch >= 8 && ch <= 10) {
                        sums[4] += a * 0.05;
                    }
                }
            }
        }
    }

    private static String key(long run, long spill, long event) {
        return run + "/" + spill + "/" + event;
    }
}

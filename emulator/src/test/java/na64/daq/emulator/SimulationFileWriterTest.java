package na64.daq.emulator;

import na64.daq.testkit.TestConfigs;

import na64.daq.config.RunConfig;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.RawFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SimulationFileWriterTest {
    private static final RunConfig CONFIG = TestConfigs.reference();

    private static SimulationSettings settings() {
        return SimulationSettings.defaults().withSeed(21).withRun(77).withSpills(2).withEventsPerSpill(300)
                .withSignalFraction(0.2).withSpillGapNs(1_200_000_000L)
                .withFaults(new FaultRates(0.01, 0.01, 0.01, 0.01, 0));
    }

    @Test
    void theFileHoldsEachSourcesFramesInOrderWithTruthNextToIt(@TempDir Path dir) throws Exception {
        Path raw = dir.resolve("run.na64raw");
        SimulationFileWriter.Result result = new SimulationFileWriter(settings(), CONFIG).write(raw);
        assertThat(result.truthFile()).isEqualTo(dir.resolve("run.truth.jsonl"));
        assertThat(Files.size(raw)).isEqualTo(result.bytes());

        Map<Integer, ByteArrayOutputStream> bySource = new HashMap<>();
        Map<Integer, Integer> gapHeartbeats = new HashMap<>();
        long records = 0;
        long lastTime = 0;
        List<SpillData> spills = FrontEndEmulator.pregenerate(settings(), CONFIG);
        long firstSpillEnd = spills.get(0).endOffsetNs();
        long secondSpillStart = spills.get(1).startOffsetNs();
        try (RawFileReader r = RawFileReader.open(raw)) {
            while (r.next()) {
                records++;
                assertThat(r.receiveTimeNs()).as("records in time order").isGreaterThanOrEqualTo(lastTime);
                lastTime = r.receiveTimeNs();
                if (r.type() == FrameHeader.TYPE_HEARTBEAT) {
                    if (r.receiveTimeNs() > firstSpillEnd && r.receiveTimeNs() < secondSpillStart) {
                        gapHeartbeats.merge(r.sourceId(), 1, Integer::sum);
                    }
                    continue;
                }
                bySource.computeIfAbsent(r.sourceId(), k -> new ByteArrayOutputStream())
                        .write(r.frame(), 0, r.frameLength());
            }
        }
        assertThat(records).isEqualTo(result.records());
        SpillGenerator g = new SpillGenerator(settings(), CONFIG);
        for (int id : ReferenceSetup.SOURCE_IDS) {
            ByteArrayOutputStream want = new ByteArrayOutputStream();
            want.writeBytes(g.hello(id));
            for (SpillData d : spills) {
                SourceFrames f = d.source(id);
                for (int i = 0; i < f.frameCount(); i++) {
                    if (f.frameType(i) != FrameHeader.TYPE_HEARTBEAT) {
                        want.write(f.data(), f.frameOffset(i), f.frameLength(i));
                    }
                }
            }
            assertThat(bySource.get(id).toByteArray()).as("source %d", id).isEqualTo(want.toByteArray());
            // 1.2 s between the spills: heartbeats at 0.5 s and 1.0 s keep every connection alive on replay.
            assertThat(gapHeartbeats.get(id)).isEqualTo(2);
        }
        assertThat(secondSpillStart).isEqualTo(firstSpillEnd + 1_200_000_000L);

        List<String> truth = Files.readAllLines(result.truthFile());
        assertThat(truth).hasSize(600);
        assertThat(truth.get(0)).startsWith("{\"run\":77,\"spill\":1,\"event\":1,\"trigger_type\":");
        assertThat(truth.get(599)).contains("\"spill\":2,\"event\":300,");
        String signal = truth.stream().filter(l -> l.contains("\"kind\":\"signal\"")).findFirst().orElseThrow();
        assertThat(signal).matches(".*\"x\":0\\.[0-9]+}");
        assertThat(truth.stream().filter(l -> l.contains("\"kind\":\"electron\"")).findFirst().orElseThrow())
                .endsWith("\"x\":null}");
        assertThat(result.spills()).hasSize(2);
        assertThat(result.faults().total()).isEqualTo(spills.get(0).faults().total() + spills.get(1).faults().total());
    }

    @Test
    void theSameSeedWritesTheSameFilesByteForByte(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.na64raw");
        Path b = dir.resolve("b.na64raw");
        new SimulationFileWriter(settings(), CONFIG).write(a);
        new SimulationFileWriter(settings(), CONFIG).write(b);
        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        assertThat(Files.mismatch(dir.resolve("a.truth.jsonl"), dir.resolve("b.truth.jsonl"))).isEqualTo(-1L);
        Path c = dir.resolve("c.na64raw");
        new SimulationFileWriter(settings().withSeed(22), CONFIG).write(c);
        assertThat(Files.mismatch(a, c)).isNotEqualTo(-1L);
    }

    @Test
    void truthPathsSitNextToTheRawFile() {
        assertThat(TruthWriter.truthPathFor(Path.of("/x/run.na64raw"))).isEqualTo(Path.of("/x/run.truth.jsonl"));
        assertThat(TruthWriter.truthPathFor(Path.of("out.bin"))).isEqualTo(Path.of("out.bin.truth.jsonl"));
    }
}

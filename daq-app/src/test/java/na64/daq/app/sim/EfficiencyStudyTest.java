package na64.daq.app.sim;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.emulator.AcceptanceStudy;
import na64.daq.emulator.Encoding;
import na64.daq.emulator.EventKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EfficiencyStudyTest {
    private static final RunConfig CONFIG = ConfigLoader.loadDefault();

    private static EfficiencyStudy.Outcome small() {
        return EfficiencyStudy.run(CONFIG, new EfficiencyStudy.Request(List.of(1.0, 100.0), 1500, 400, 3, Encoding.PEAK));
    }

    @Test
    void lightAPrimesAreSelectedAndBackgroundStaysOut() {
        EfficiencyStudy.Outcome o = small();
        List<AcceptanceStudy.SignalSample> s = o.result().signals();
        assertThat(s).hasSize(2);
        assertThat(s.get(0).efficiency().total()).isEqualTo(1500);
        // x reaches 1 - m_e/E0 at every mass: 1 MeV is of the same order as 100 MeV (issue 14).
        assertThat(s.get(0).efficiency().value()).isGreaterThan(0.5);
        assertThat(s.get(1).efficiency().value()).isGreaterThan(0.25);
        assertThat(o.result().background().byKind().get(EventKind.HADRON).passed()).isZero();
        assertThat(o.result().background().weighted(na64.daq.emulator.PhysicsMix.defaults())[0]).isLessThan(0.01);
    }

    @Test
    void writesTheReportAndBothPlots(@TempDir Path dir) throws Exception {
        EfficiencyStudy.Outcome o = small();
        Path report = EfficiencyStudy.write(o, dir);
        String md = Files.readString(report);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("efficiency.json").toFile());
        assertThat(json.get("signal")).hasSize(2);
        com.fasterxml.jackson.databind.JsonNode one = json.get("signal").get(0);
        assertThat(one.get("mass_mev").asDouble()).isEqualTo(1.0);
        assertThat(one.get("events").asLong()).isEqualTo(1500);
        assertThat(one.get("efficiency").asDouble()).isEqualTo(one.get("accepted").asDouble() / 1500);
        assertThat(one.get("ci_low").asDouble()).isLessThan(one.get("efficiency").asDouble());
        assertThat(one.get("ci_high").asDouble()).isGreaterThan(one.get("efficiency").asDouble());
        assertThat(json.get("background")).hasSize(5);
        assertThat(json.get("background").get(3).get("kind").asText()).isEqualTo("hadron");
        assertThat(json.get("background").get(3).get("ci_low").asDouble()).isZero();
        assertThat(md).contains("| 100 |", "| hadron |", "Weizsäcker–Williams", EfficiencyStudy.SCATTER_PNG,
                EfficiencyStudy.EFFICIENCY_PNG);
        for (String png : List.of(EfficiencyStudy.SCATTER_PNG, EfficiencyStudy.EFFICIENCY_PNG)) {
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve(png)), 8);
            assertThat(head).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        EfficiencyStudy.print(o, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("background acceptance", "muon", "beam");
    }

    @Test
    void theSameSeedWritesTheSameReport(@TempDir Path dir) throws Exception {
        String a = Files.readString(EfficiencyStudy.write(small(), dir.resolve("a")));
        String b = Files.readString(EfficiencyStudy.write(small(), dir.resolve("b")));
        assertThat(a).isEqualTo(b);
    }
}

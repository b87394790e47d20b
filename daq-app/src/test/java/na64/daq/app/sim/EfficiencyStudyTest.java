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
    void efficiencyFollowsTheAPrimeMassAndBackgroundStaysOut() {
        EfficiencyStudy.Outcome o = small();
        List<AcceptanceStudy.SignalSample> s = o.result().signals();
        assertThat(s).hasSize(2);
        assertThat(s.get(0).efficiency().total()).isEqualTo(1500);
        // 1 MeV: x < 1 - m_e/m = 0.49, so E_ECAL stays above half of E0.
        assertThat(s.get(0).efficiency().value()).isLessThan(0.1);
        assertThat(s.get(1).efficiency().value()).isGreaterThan(0.6);
        assertThat(o.result().background().byKind().get(EventKind.HADRON).passed()).isZero();
        assertThat(o.result().background().weighted(na64.daq.emulator.PhysicsMix.defaults())[0]).isLessThan(0.01);
    }

    @Test
    void writesTheReportAndBothPlots(@TempDir Path dir) throws Exception {
        EfficiencyStudy.Outcome o = small();
        Path report = EfficiencyStudy.write(o, dir);
        String md = Files.readString(report);
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

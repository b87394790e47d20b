package na64.daq.monitoring;

import na64.daq.testkit.PromText;
import na64.daq.testkit.Tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrapeLintTest {
    @TempDir
    Path dir;

    @Test
    void everyFamilyHasHelpTextCountersEndInTotalAndReservedLabelsStayInTheirTypes() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            f.pipeline.decisionLatencyNanos().recordValue(10_000);
            PromText s = new PromText(m.scrape());
            assertThat(s.types).isNotEmpty();
            assertThat(s.helps.keySet()).containsExactlyInAnyOrderElementsOf(s.types.keySet());
            s.helps.forEach((name, help) -> assertThat(help).as("help of " + name).isNotBlank().isNotEqualTo(name));
            s.types.forEach((name, type) -> {
                if (type.equals("counter")) {
                    assertThat(name).endsWith("_total");
                }
            });
            for (PromText.Sample x : s.samples) {
                if (x.labels().containsKey("le")) {
                    assertThat(x.name()).endsWith("_bucket");
                }
                if (x.labels().containsKey("quantile")) {
                    assertThat(s.types.get(x.name())).isEqualTo("summary");
                }
            }
        }
    }

    @Test
    void promtoolFindsNothingToCriticiseInAScrape() throws Exception {
        assumeTrue(Tools.has("promtool"), () -> Tools.missing("promtool", "promtool check metrics"));
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            f.pipeline.decisionLatencyNanos().recordValue(10_000);
            Tools.Result r = Tools.run(m.scrape().getBytes(StandardCharsets.UTF_8), "promtool", "check", "metrics");
            assertThat(r.output()).isEmpty();
            assertThat(r.exitCode()).isZero();
        }
    }
}

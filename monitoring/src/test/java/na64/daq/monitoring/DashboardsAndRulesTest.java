package na64.daq.monitoring;

import na64.daq.testkit.PromText;
import na64.daq.testkit.RepoFiles;
import na64.daq.testkit.Tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static checks of the shipped dashboards and alert rules: well-formed, wired to the provisioned
 * datasource, the six alerts with runbooks, and every metric they select actually exported by
 * {@link DaqMetrics}. (The daq-app integration test then runs every expression in a real Prometheus.)
 */
class DashboardsAndRulesTest {
    @TempDir
    Path dir;

    @Test
    void dashboardsAreWellFormedAndUseTheProvisionedDatasource() {
        String uid = RepoFiles.yaml(RepoFiles.docker("grafana/provisioning/datasources/prometheus.yml"))
                .get("datasources").get(0).get("uid").asText();
        Set<String> dashboardUids = new HashSet<>();
        for (Path d : RepoFiles.dashboards()) {
            JsonNode board = RepoFiles.json(d);
            assertThat(dashboardUids.add(board.get("uid").asText())).as(d + " uid unique").isTrue();
            assertThat(board.get("title").asText()).isNotBlank();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode p : board.get("panels")) {
                String where = d.getFileName() + " panel '" + p.get("title").asText() + "'";
                assertThat(ids.add(p.get("id").asInt())).as(where + " id unique").isTrue();
                assertThat(p.get("description").asText()).as(where + " description").isNotBlank();
                JsonNode g = p.get("gridPos");
                assertThat(g.get("x").asInt() + g.get("w").asInt()).as(where + " fits 24 columns").isLessThanOrEqualTo(24);
                assertThat(p.get("datasource").get("uid").asText()).as(where).isEqualTo(uid);
                assertThat(p.get("targets")).as(where + " targets").isNotEmpty();
                for (JsonNode t : p.get("targets")) {
                    assertThat(t.get("expr").asText()).as(where + " expr").isNotBlank();
                    assertThat(t.get("datasource").get("uid").asText()).as(where).isEqualTo(uid);
                }
            }
        }
        assertThat(RepoFiles.dashboardExpressions()).anySatisfy(e -> assertThat(e).contains("daq_energy_ecal_vs_hcal_events_total"));
    }

    @Test
    void theAlertsEachHaveARunbookARunbookUrlToTheirSectionASummaryAndSeverity() throws Exception {
        String operations = java.nio.file.Files.readString(RepoFiles.root().resolve("docs/operations.md"));
        List<String> names = new ArrayList<>();
        for (JsonNode r : RepoFiles.alertRules()) {
            names.add(r.get("alert").asText());
            assertThat(r.get("annotations").get("runbook").asText()).as(r.get("alert") + " runbook").hasSizeGreaterThan(40);
            assertThat(r.get("annotations").get("summary").asText()).isNotBlank();
            assertThat(r.get("labels").get("severity").asText()).isIn("warning", "critical");
            String url = r.get("annotations").get("runbook_url").asText();
            assertThat(url).isEqualTo("docs/operations.md#" + r.get("alert").asText().toLowerCase(java.util.Locale.ROOT));
            assertThat(operations).as("a heading for " + url).contains("\n#### " + r.get("alert").asText() + "\n");
        }
        assertThat(names).containsExactly("DaqServiceDown", "DaqMetricsAbsent", "DaqBuilderOrStoreErrors",
                "DaqSourceSilent", "DaqCompletenessLow", "DaqRingNearlyFull",
                "DaqDecisionLatencyHigh", "DaqProtocolErrorsRising", "DaqConsumerStalled",
                // issue 11 (docs/reliability.md, section 8)
                "DaqStoreFailed", "DaqStoreAlmostFull", "DaqIngestConnectionsClosed", "DaqIngestConnectionFlood",
                "DaqSourceLagging", "DaqSpillAccountingMismatch");
    }

    @Test
    void everyMetricTheDashboardsAndAlertsSelectIsExported() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            System.gc(); // the GC pause timer is registered at the first GC notification
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> m.registry().find("jvm.gc.pause").timer() != null);
            Set<String> exported = new HashSet<>();
            new PromText(m.scrape()).samples.forEach(s -> exported.add(s.name()));
            Set<String> used = new HashSet<>();
            RepoFiles.dashboardExpressions().forEach(e -> used.addAll(RepoFiles.metricsIn(e)));
            RepoFiles.alertRules().forEach(r -> used.addAll(RepoFiles.metricsIn(r.get("expr").asText())));
            used.remove("ALERTS"); // Prometheus' own series of pending and firing alerts
            assertThat(used).hasSizeGreaterThan(20);
            assertThat(exported).containsAll(used);
        }
    }

    @Test
    void promtoolAcceptsTheShippedConfigAndRules() throws Exception {
        assumeTrue(Tools.has("promtool"), () -> Tools.missing("promtool", "promtool check config/rules"));
        Tools.Result config = Tools.run(null, "promtool", "check", "config", RepoFiles.docker("prometheus/prometheus.yml").toString());
        assertThat(config.exitCode()).as(config.output()).isZero();
        assertThat(config.output()).contains("SUCCESS: 1 rule files found");
        Tools.Result rules = Tools.run(null, "promtool", "check", "rules", RepoFiles.docker("prometheus/alerts.yml").toString());
        assertThat(rules.exitCode()).as(rules.output()).isZero();
        assertThat(rules.output()).contains("SUCCESS: 15 rules found");
    }
}

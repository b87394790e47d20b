package na64.daq.monitoring;

import na64.daq.testkit.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/** Static checks of docker/ (there is no Docker engine in CI): the files fit together. */
class DockerFilesTest {
    private final JsonNode compose = RepoFiles.yaml(RepoFiles.docker("docker-compose.yml"));

    @Test
    void composeRunsTheServicePrometheusAndGrafanaWithExistingMountedFiles() {
        JsonNode services = compose.get("services");
        assertThat(services.has("daq") && services.has("prometheus") && services.has("grafana")).isTrue();
        JsonNode build = services.get("daq").get("build");
        Path context = RepoFiles.docker(build.get("context").asText()).normalize();
        assertThat(context).isEqualTo(RepoFiles.root());
        assertThat(context.resolve(build.get("dockerfile").asText())).isRegularFile();
        for (String s : List.of("prometheus", "grafana")) {
            for (JsonNode v : services.get(s).get("volumes")) {
                String host = v.asText().split(":")[0];
                if (host.startsWith("./")) {
                    assertThat(RepoFiles.docker(host)).as(s + " mounts " + host).exists();
                }
            }
        }
        assertThat(services.get("daq").get("environment").get("DAQ_MONITORING_TOKEN").asText())
                .as("the token must be given, never defaulted").startsWith("${DAQ_MONITORING_TOKEN:?");
        for (String s : List.of("prometheus", "grafana")) {
            for (JsonNode p : services.get(s).get("ports")) {
                assertThat(p.asText()).as(s + " is published on loopback only").startsWith("127.0.0.1:");
            }
        }
    }

    @Test
    void prometheusScrapesTheComposeServiceAndGrafanaLoadsTheDashboardsFromTheMountedFolder() {
        JsonNode prom = RepoFiles.yaml(RepoFiles.docker("prometheus/prometheus.yml"));
        JsonNode job = prom.get("scrape_configs").get(0);
        assertThat(job.get("static_configs").get(0).get("targets").get(0).asText()).isEqualTo("daq:9464");
        assertThat(RepoFiles.docker("prometheus").resolve(prom.get("rule_files").get(0).asText())).isRegularFile();

        String provisionedPath = RepoFiles.yaml(RepoFiles.docker("grafana/provisioning/dashboards/na64.yml"))
                .get("providers").get(0).get("options").get("path").asText();
        List<String> grafanaMounts = new ArrayList<>();
        compose.get("services").get("grafana").get("volumes").forEach(v -> grafanaMounts.add(v.asText()));
        assertThat(grafanaMounts).contains("./grafana/dashboards:" + provisionedPath + ":ro");
        String datasourceUrl = RepoFiles.yaml(RepoFiles.docker("grafana/provisioning/datasources/prometheus.yml"))
                .get("datasources").get(0).get("url").asText();
        assertThat(datasourceUrl).isEqualTo("http://prometheus:9090");
    }

    @Test
    void dockerfileBuildsWithTheWrapperOnJdk17AndRunsAJre17WithTheFlagsOfBinDaq() throws IOException {
        String dockerfile = Files.readString(RepoFiles.docker("Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jdk AS build$");
        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jre$");
        assertThat(dockerfile).contains("./mvnw");
        String binDaq = Files.readString(RepoFiles.root().resolve("bin/daq"));
        Matcher m = Pattern.compile("jvm_flags=\\(([^)]*)\\)", Pattern.DOTALL).matcher(binDaq);
        assertThat(m.find()).isTrue();
        List<String> flags = List.of(m.group(1).trim().split("\\s+"));
        assertThat(flags).hasSizeGreaterThan(5);
        Matcher entry = Pattern.compile("exec java (.*?) \\$DAQ_JAVA_OPTS").matcher(dockerfile);
        assertThat(entry.find()).isTrue();
        assertThat(List.of(entry.group(1).split("\\s+"))).containsExactlyElementsOf(flags);
    }
}

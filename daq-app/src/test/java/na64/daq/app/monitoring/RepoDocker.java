package na64.daq.app.monitoring;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The shipped docker/ files the integration test runs against a real Prometheus. */
final class RepoDocker {
    private static final Pattern METRIC = Pattern.compile("\\b((?:daq|jvm|process|system)_[a-z0-9_]+|ALERTS)\\b");

    private RepoDocker() {
    }

    static Path dir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docker/prometheus/alerts.yml"))) {
                return p.resolve("docker");
            }
        }
        throw new IllegalStateException("docker/ not found above " + Path.of("").toAbsolutePath());
    }

    static Path alerts() {
        return dir().resolve("prometheus/alerts.yml");
    }

    static Iterable<JsonNode> alertRules() {
        try {
            return new YAMLMapper().readTree(alerts().toFile()).get("groups").get(0).get("rules");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String alertExpression(String alert) {
        for (JsonNode r : alertRules()) {
            if (r.get("alert").asText().equals(alert)) {
                return r.get("expr").asText();
            }
        }
        throw new IllegalArgumentException("no alert " + alert);
    }

    static Set<String> dashboardExpressions() {
        Set<String> out = new LinkedHashSet<>();
        for (String name : new String[] {"daq-overview.json", "online-monitor.json"}) {
            try {
                for (JsonNode panel : new ObjectMapper().readTree(dir().resolve("grafana/dashboards").resolve(name).toFile()).get("panels")) {
                    panel.path("targets").forEach(t -> out.add(t.get("expr").asText()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static Set<String> metricsIn(String expr) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static boolean hasTool(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}

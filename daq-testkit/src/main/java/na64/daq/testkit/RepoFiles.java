package na64.daq.testkit;

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

/** The repository's shipped files (docker/, bin/, docs/), found from the test's working directory. */
public final class RepoFiles {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern METRIC = Pattern.compile("\\b((?:daq|jvm|process|system)_[a-z0-9_]+|ALERTS)\\b");

    private RepoFiles() {
    }

    public static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docker/prometheus/alerts.yml"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root with docker/ not found above " + Path.of("").toAbsolutePath());
    }

    public static Path docker(String relative) {
        return root().resolve("docker").resolve(relative);
    }

    public static JsonNode yaml(Path p) {
        try {
            return YAML.readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(p + ": " + e.getMessage(), e);
        }
    }

    public static JsonNode json(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(p + ": " + e.getMessage(), e);
        }
    }

    public static Path[] dashboards() {
        return new Path[] {docker("grafana/dashboards/daq-overview.json"), docker("grafana/dashboards/online-monitor.json")};
    }

    /** Every PromQL expression of every panel target of the shipped dashboards, in order. */
    public static Set<String> dashboardExpressions() {
        Set<String> out = new LinkedHashSet<>();
        for (Path d : dashboards()) {
            for (JsonNode panel : json(d).get("panels")) {
                for (JsonNode t : panel.path("targets")) {
                    out.add(t.get("expr").asText());
                }
            }
        }
        return out;
    }

    /** The shipped Prometheus alert rules file. */
    public static Path alerts() {
        return docker("prometheus/alerts.yml");
    }

    /** The PromQL expression of alert {@code alert}. */
    public static String alertExpression(String alert) {
        for (JsonNode r : alertRules()) {
            if (r.get("alert").asText().equals(alert)) {
                return r.get("expr").asText();
            }
        }
        throw new IllegalArgumentException("no alert " + alert);
    }

    /** The alert rules of the shipped rules file. */
    public static Iterable<JsonNode> alertRules() {
        return yaml(docker("prometheus/alerts.yml")).get("groups").get(0).get("rules");
    }

    /** Metric names an expression selects (ours, the JVM binders', and Prometheus' ALERTS). */
    public static Set<String> metricsIn(String expr) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}

package na64.daq.monitoring;

import java.util.Locale;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import na64.daq.config.RunConfig;

/**
 * The two info metrics, so that dashboards can show names instead of ids and alerts can say which
 * build is running:
 * <pre>
 *   daq_build_info{version="0.1.0-SNAPSHOT"} 1
 *   daq_source_info{source="3",name="ECAL-MAIN",kind="msadc"} 1
 * </pre>
 * Join them in PromQL, e.g. {@code daq_source_connected * on(source) group_left(name) daq_source_info}.
 * They are Prometheus-client {@link Info} metrics on the registry under Micrometer's, because
 * Micrometer has no info type and would strip the {@code _info} suffix.
 */
final class InfoMetrics {
    private InfoMetrics() {
    }

    static void register(PrometheusRegistry registry, RunConfig config) {
        Info build = Info.builder().name("daq_build_info").help("Build of the running DAQ filter service (value 1)")
                .labelNames("version").register(registry);
        build.addLabelValues(BuildInfo.version());
        Info sources = Info.builder().name("daq_source_info")
                .help("Configured front-end source: its name and board kind by source id (value 1)")
                .labelNames("source", "name", "kind").register(registry);
        for (RunConfig.SourceConfig s : config.sources()) {
            sources.addLabelValues(Integer.toString(s.id()), s.name(), s.kind().name().toLowerCase(Locale.ROOT));
        }
    }
}

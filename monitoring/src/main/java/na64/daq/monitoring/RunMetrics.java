package na64.daq.monitoring;

import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;


/**
 * Meters of run control and configuration reloads: the run state, the run number given at the start,
 * reloads accepted and refused, the configuration in force. (BEGIN_OF_SPILL frames of another run and the frames received while no
 * run was taken are counters of the stages, exported from their descriptors.) Read at
 * scrape time; the configuration's label is refreshed before each scrape ({@link #refresh()}).
 */
final class RunMetrics {
    private final RunControl control;
    private final MultiGauge configInfo;

    RunMetrics(MeterRegistry r, RunControl control) {
        this.control = control;
        for (RunControl.State s : RunControl.State.values()) {
            Gauge.builder("daq.run.state", control, rc -> rc.state() == s ? 1 : 0).tags(Tags.of("state", s.label()))
                    .strongReference(true).description("Run-control state (idle, running, stopping): 1 for the current one").register(r);
        }
        Gauge.builder("daq.run.control.number", control, rc -> rc.run() == null ? -1 : rc.run()).strongReference(true)
                .description("Run number given at the start of the current or last run; -1 when none was given").register(r);
        for (boolean accepted : new boolean[] {true, false}) {
            FunctionCounter.builder("daq.config.reloads", control, rc -> accepted ? rc.reloadsAccepted() : rc.reloadsRefused())
                    .tags("result", accepted ? "accepted" : "refused")
                    .description("Configuration reloads (POST /config, SIGHUP) by result").register(r);
        }
        configInfo = MultiGauge.builder("daq.config.info")
                .description("Always 1; the label carries the hash of the newest configuration accepted (applied from the next spill)")
                .register(r);
        refresh();
    }

    /** Puts the newest accepted configuration's hash on {@code daq_config_info}. */
    void refresh() {
        configInfo.register(List.of(MultiGauge.Row.of(Tags.of("config_hash", String.valueOf(control.configHash())), 1)), true);
    }
}

package na64.daq.app.run;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import na64.daq.config.RunConfig;

/**
 * What a configuration reload may change: only what can change between two spills, i.e. the trigger
 * (beam energy, channel map and calibrations, reconstruction, streams with their cuts and prescales)
 * and the builder's timeouts. The sources, ingest (ports, addresses, limits), store and the sizes of
 * the ring and the event table are fixed when the service starts; a change of any of them is refused,
 * one line per field. The monitoring endpoint is not taken from a reload (it stays where it listens).
 */
final class ReloadRules {
    static final String CHANGEABLE = "beam, channelMap, reconstruction, streams, builder.buildTimeoutMs, builder.spillTimeoutMs";
    private static final String RESTART = " cannot change while the service runs (restart the service with the new configuration; "
            + "a reload may change " + CHANGEABLE + ")";

    private ReloadRules() {
    }

    /** One line per field of {@code next} that differs from {@code running} and may not change on reload. */
    static List<String> refusals(RunConfig running, RunConfig next) {
        List<String> out = new ArrayList<>();
        if (!running.sources().equals(next.sources())) {
            out.add("sources:" + RESTART);
        }
        fields(out, "ingest", running.ingest(), next.ingest());
        fields(out, "store", running.store(), next.store());
        if (running.builder().ringSize() != next.builder().ringSize()) {
            out.add("builder.ringSize: " + running.builder().ringSize() + " -> " + next.builder().ringSize() + RESTART);
        }
        if (running.builder().maxInFlightEvents() != next.builder().maxInFlightEvents()) {
            out.add("builder.maxInFlightEvents: " + running.builder().maxInFlightEvents() + " -> "
                    + next.builder().maxInFlightEvents() + RESTART);
        }
        return out;
    }

    /** {@code next} as it takes effect: the running service's monitoring endpoint, {@code next}'s hash. */
    static RunConfig effective(RunConfig running, RunConfig next) {
        return new RunConfig(next.beam(), next.sources(), next.channelMap(), next.reconstruction(), next.streams(),
                next.builder(), next.ingest(), next.store(), running.monitoring(), next.hash());
    }

    private static void fields(List<String> out, String section, Record was, Record now) {
        for (RecordComponent c : was.getClass().getRecordComponents()) {
            Object a = value(c, was);
            Object b = value(c, now);
            if (!a.equals(b)) {
                out.add(section + "." + c.getName() + ": " + a + " -> " + b + RESTART);
            }
        }
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return String.valueOf(c.getAccessor().invoke(r));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }
}

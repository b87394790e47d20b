package na64.daq.monitoring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import na64.daq.builder.BuilderCounters;
import na64.daq.pipeline.Counter;
import na64.daq.ingest.IngestCounters;
import na64.daq.protocol.ProtocolError;

/**
 * Per-source meters (label {@code source}: the source id, or "unattributed" for what ingest could
 * not tie to a configured source). Every meter is a Micrometer function meter that reads a
 * single-writer {@link Counter} at scrape time; nothing here runs on the ingest or builder thread.
 */
final class SourceMetrics {
    private SourceMetrics() {
    }

    static void bind(MeterRegistry r, MonitoredComponents c, Liveness liveness) {
        IngestCounters in = c.ingest();
        BuilderCounters b = c.pipeline().counters();
        int n = in.sourceCount();
        for (int i = 0; i <= n; i++) {
            Tags source = Tags.of("source", c.sourceLabel(i));
            counter(r, "daq.source.frames", source, in.frames[i],
                    "Frames received from the source, good or bad (unattributed: before a valid HELLO)");
            FunctionCounter.builder("daq.source.received", in.bytes[i], Counter::doubleValue).tags(source).baseUnit("bytes")
                    .description("Bytes of frames (header + payload) received from the source").register(r);
            for (ProtocolError e : ProtocolError.values()) {
                counter(r, "daq.source.protocol.errors", source.and("reason", e.label()), in.errors[i][e.ordinal()],
                        "Protocol errors (spec section 2) by source and reason; the frame or connection was refused");
            }
            if (i == n) {
                break; // the rest only means something for a configured source
            }
            final int idx = i;
            counter(r, "daq.source.heartbeats", source, in.heartbeats[i], "HEARTBEAT frames received from the source");
            counter(r, "daq.source.connections", source, in.connections[i], "Connections of the source accepted (valid HELLO)");
            Gauge.builder("daq.source.connected", in.connected[i], Counter::doubleValue).tags(source).strongReference(true)
                    .description("1 while the source has a live connection, else 0").register(r);
            Gauge.builder("daq.source.seconds.since.last.frame", liveness, l -> l.secondsSinceLastFrame(idx))
                    .tags(source).strongReference(true)
                    .description("Seconds since the last frame from the source (since service start if none yet); "
                            + "a front-end sends a HEARTBEAT at least every second while idle")
                    .register(r);
            FunctionCounter.builder("daq.source.backpressure", in.backpressureNanos[i], ct -> ct.get() / 1e9)
                    .tags(source).baseUnit("seconds")
                    .description("Time the source's connection was paused because the ring was full (added when it resumes)")
                    .register(r);
            counter(r, "daq.source.fragments", source, b.fragmentsPerSource[i],
                    "Well-formed FRAGMENT frames of the source consumed by the event builder");
            counter(r, "daq.source.missing.fragments", source, b.missingPerSource[i],
                    "Events released incomplete without this source's fragment");
            Gauge.builder("daq.source.last.event", b.lastEventPerSource[i], Counter::doubleValue).tags(source)
                    .strongReference(true).description("Event number of the source's latest new fragment").register(r);
        }
    }

    private static void counter(MeterRegistry r, String name, Tags tags, Counter counter, String help) {
        FunctionCounter.builder(name, counter, Counter::doubleValue).tags(tags).description(help).register(r);
    }
}

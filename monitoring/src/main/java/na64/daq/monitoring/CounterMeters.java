package na64.daq.monitoring;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import na64.daq.pipeline.Counter;
import na64.daq.pipeline.CounterDescriptor;
import na64.daq.pipeline.CounterRegistry;

/**
 * Exports every counter of the {@link CounterRegistry} from its {@link CounterDescriptor}: the
 * meter's name, help and base unit come from the descriptor, the tags from where the counter was
 * allocated ({@code source} = the source id or "unattributed", and the descriptor's second label).
 * A counter is a Micrometer {@code FunctionCounter}, a gauge a {@code Gauge}; both read the
 * single-writer counter at scrape time, never on a hot thread. The two derived meters are the only
 * code per descriptor: seconds since a source's last frame, and the store's append timer.
 */
final class CounterMeters {
    private CounterMeters() {
    }

    static void bind(MeterRegistry r, CounterRegistry counters, Liveness liveness) {
        for (CounterRegistry.Registered e : counters.entries()) {
            CounterDescriptor d = e.descriptor();
            Tags tags = tags(e);
            Counter c = e.counter();
            CounterDescriptor.Unit unit = d.unit();
            switch (d.kind()) {
                case COUNTER -> FunctionCounter.builder(d.meterName(), c, x -> unit.export(x.get())).tags(tags)
                        .baseUnit(unit.suffix()).description(d.help()).register(r);
                case GAUGE -> Gauge.builder(d.meterName(), c, x -> unit.export(x.get())).tags(tags)
                        .baseUnit(unit.suffix()).strongReference(true).description(d.help()).register(r);
                case DERIVED -> derived(r, counters, e, tags, liveness);
                default -> throw new IllegalStateException("no meter for kind " + d.kind());
            }
        }
    }

    private static void derived(MeterRegistry r, CounterRegistry counters, CounterRegistry.Registered e, Tags tags,
                                Liveness liveness) {
        CounterDescriptor d = e.descriptor();
        switch (d) {
            case SOURCE_LAST_FRAME -> {
                int i = e.sourceIndex();
                Gauge.builder(d.meterName(), liveness, l -> l.secondsSinceLastFrame(i)).tags(tags).strongReference(true)
                        .description(d.help()).register(r);
            }
            case STORE_APPEND_TIME -> FunctionTimer.builder(d.meterName(), counters,
                            x -> x.value(CounterDescriptor.STORE_EVENTS_APPENDED) + x.value(CounterDescriptor.STORE_SPILLS_APPENDED),
                            x -> e.counter().get(), TimeUnit.NANOSECONDS)
                    .tags(tags).description(d.help()).register(r);
            default -> throw new IllegalStateException(d + " is derived but no meter derives from it");
        }
    }

    private static Tags tags(CounterRegistry.Registered e) {
        Tags tags = e.source() == null ? Tags.empty() : Tags.of("source", e.source());
        return e.label() == null ? tags : tags.and(e.descriptor().labelName(), e.label());
    }
}

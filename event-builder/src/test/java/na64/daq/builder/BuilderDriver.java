package na64.daq.builder;

import na64.daq.testkit.RecordingSink;

import na64.daq.testkit.TestIntake;
import na64.daq.pipeline.IngestEntry;

import na64.daq.testkit.ManualClock;
import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.ProtocolError;

/**
 * Drives an {@link EventBuilder} by hand, as its Disruptor consumer would: each call fills one
 * {@link IngestEntry} (stamped with the manual clock's time) and hands it to
 * {@link EventBuilder#onEvent} as the end of a batch. Time moves only through {@link #advanceMillis}.
 */
final class BuilderDriver {
    static final long RUN = 4100;
    static final long SPILL = 3;
    /** Trigger time of event {@code n} is {@code n * TIME_STEP} ns since the start of the spill. */
    static final long TIME_STEP = 25_000;

    final ManualClock clock = new ManualClock(5_000_000_000L);
    final RecordingSink sink = new RecordingSink();
    final EventBuilder builder;
    private final IngestEntry entry = new IngestEntry();
    private final TestIntake intake;
    private long sequence;
    private long wallClock = 1_700_000_000_000_000_000L;

    BuilderDriver(RunConfig config) {
        this.builder = new EventBuilder(config, sink, clock, clock, () -> wallClock, new na64.daq.pipeline.CounterRegistry(config));
        this.intake = new TestIntake(new na64.daq.trigger.Reconstructor(config));
    }

    BuilderCounters counters() {
        return builder.counters();
    }

    /** BEGIN_OF_SPILL of (RUN, SPILL) from each of {@code sources}. */
    BuilderDriver beginOfSpill(int... sources) {
        for (int s : sources) {
            publish(IngestEntry.BEGIN_OF_SPILL, s, TestFragments.beginOfSpill(s, RUN, SPILL));
        }
        return this;
    }

    /** END_OF_SPILL of (RUN, SPILL) claiming {@code triggers}, from each of {@code sources}. */
    BuilderDriver endOfSpill(long triggers, int... sources) {
        for (int s : sources) {
            publish(IngestEntry.END_OF_SPILL, s, TestFragments.endOfSpill(s, RUN, SPILL, triggers));
        }
        return this;
    }

    /** The trigger unit's END_OF_SPILL with its scalers ({id, value} pairs). */
    BuilderDriver triggerUnitEndOfSpill(long triggers, long[]... scalers) {
        publish(IngestEntry.END_OF_SPILL, TestFragments.TRIGGER,
                TestFragments.endOfSpill(TestFragments.TRIGGER, RUN, SPILL, triggers, scalers));
        return this;
    }

    /** An aligned RANDOM-trigger fragment of {@code event} (no channels) from each of {@code sources}. */
    BuilderDriver fragments(long event, int... sources) {
        for (int s : sources) {
            fragment(s, event, FragmentFlyweight.TRIGGER_RANDOM, event * TIME_STEP);
        }
        return this;
    }

    /** Aligned RANDOM-trigger fragments of {@code event} of another spill of RUN, from each of {@code sources}. */
    BuilderDriver fragmentsOfSpill(long spill, long event, int... sources) {
        for (int s : sources) {
            publish(IngestEntry.FRAGMENT, s, TestFragments.fragment(s, RUN, spill, event,
                    FragmentFlyweight.TRIGGER_RANDOM, event * TIME_STEP));
        }
        return this;
    }

    /** One fragment with an explicit trigger type, trigger time and {channel, amplitude} pairs. */
    BuilderDriver fragment(int source, long event, int triggerType, long triggerTimeNs, int... channelAmplitude) {
        publish(IngestEntry.FRAGMENT, source,
                TestFragments.fragment(source, RUN, SPILL, event, triggerType, triggerTimeNs, channelAmplitude));
        return this;
    }

    /** A protocol error reported by ingest for {@code source}'s connection. */
    BuilderDriver protocolError(int source, ProtocolError reason) {
        entry.setControl(IngestEntry.PROTOCOL_ERROR, source, clock.nanoTime());
        builder.onEvent(entry, sequence++, true);
        return this;
    }

    /** The consumer's idle wake-up, as the Disruptor's timeout wait strategy calls it. */
    BuilderDriver idle() {
        builder.onTimeout(sequence - 1);
        return this;
    }

    BuilderDriver advanceMillis(long ms) {
        clock.advanceMillis(ms);
        wallClock += ms * 1_000_000L;
        return this;
    }

    private void publish(int kind, int source, byte[] payload) {
        TestFragments.fill(entry, intake, builder.arenas(), kind, source, payload);
        entry.receivedNanos = clock.nanoTime();
        entry.readNanos = clock.nanoTime();
        builder.onEvent(entry, sequence++, true);
    }
}

package na64.daq.farm.builder;

import java.util.Set;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.builder.BuilderCounters;
import na64.daq.builder.EventBuilder;
import na64.daq.builder.EventSink;
import na64.daq.builder.IngestEntry;
import na64.daq.common.Counter;
import na64.daq.config.RunConfig;
import na64.daq.farm.FrameRecord;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.SpillMarkerFlyweight;
import na64.daq.store.SpillSummary;

/**
 * Today's event builder, trigger and store over one frames partition. Each partition has its own
 * {@link EventBuilder}, so every builder sees each source's BEGIN/END_OF_SPILL exactly once per
 * spill and its spill summary is this partition's share. Its clock is the readout's pipeline time
 * carried by the records ({@link LogClock}), and every record ends a batch, so what the builder
 * decides depends on the log alone: a rebuild by the next owner decides the same.
 */
final class PartitionBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionBuilder.class);

    final int partition;
    private final EventBuilder builder;
    private final LogClock clock = new LogClock();
    private final SpillTracker tracker;
    private final PartitionSink sink;
    private final IngestEntry entry = new IngestEntry();
    private final FragmentFlyweight fragment = new FragmentFlyweight();
    private final SpillMarkerFlyweight marker = new SpillMarkerFlyweight();
    /** Records of spills an earlier owner finished, skipped on rebuild. */
    final Counter skipped = new Counter();
    /** Records the builder failed on (logged, then skipped). */
    final Counter errors = new Counter();

    /**
     * A builder for {@code partition} starting at {@code offset}; {@code alreadyStored} are keys
     * earlier owners stored; {@code partials} gets (partition, summary) for each closed spill.
     */
    PartitionBuilder(RunConfig config, int partition, long offset, CommitMetadata metadata, EventSink store,
                     Set<EventKey> alreadyStored, BiConsumer<Integer, SpillSummary> partials, Counter deduplicated) {
        this.partition = partition;
        this.tracker = new SpillTracker(offset, metadata.below());
        this.sink = new PartitionSink(store, alreadyStored, s -> {
            partials.accept(partition, s);
            tracker.closed(new SpillKey(s.run, s.spill));
        }, deduplicated);
        this.builder = new EventBuilder(config, sink, clock, () -> System.currentTimeMillis() * 1_000_000L);
    }

    /** Builds the record at {@code offset}. */
    void onRecord(long offset, byte[] value) {
        try {
            int flags = FrameRecord.decode(value, entry);
            int kind = entry.kind;
            clock.advance(entry.receivedNanos);
            SpillKey k = spillOf(kind);
            if (k != null && tracker.skips(k)) {
                skipped.increment();
            } else {
                if (k != null) {
                    tracker.seen(k, offset);
                }
                if (kind == FrameRecord.SHUTDOWN) {
                    builder.shutdown();
                } else if (kind != IngestEntry.PROTOCOL_ERROR || (flags & FrameRecord.FLAG_COUNTED) != 0) {
                    builder.onEvent(entry, offset, true);
                }
            }
        } catch (RuntimeException e) {
            errors.increment();
            if (errors.get() <= 10) {
                LOG.error("partition {} offset {}: the builder failed on this record; skipped", partition, offset, e);
            }
        }
        tracker.consumed(offset);
    }

    private SpillKey spillOf(int kind) {
        if (kind == IngestEntry.FRAGMENT && entry.length >= FragmentFlyweight.HEADER_LENGTH) {
            FragmentFlyweight f = fragment.wrap(entry.payload, 0, entry.length);
            return new SpillKey(f.run(), f.spill());
        }
        if ((kind == IngestEntry.BEGIN_OF_SPILL || kind == IngestEntry.END_OF_SPILL)
                && entry.length >= SpillMarkerFlyweight.BEGIN_LENGTH) {
            SpillMarkerFlyweight m = marker.wrap(entry.payload, 0, entry.length);
            return new SpillKey(m.run(), m.spill());
        }
        return null;
    }

    long commitOffset() {
        return tracker.commitOffset();
    }

    SpillKey below() {
        return tracker.below();
    }

    int openSpills() {
        return tracker.openSpills();
    }

    BuilderCounters counters() {
        return builder.counters();
    }
}

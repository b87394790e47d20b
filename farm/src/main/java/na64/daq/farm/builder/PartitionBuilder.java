package na64.daq.farm.builder;

import java.util.Set;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.builder.BuilderCounters;
import na64.daq.builder.EventBuilder;
import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.BuiltEventSink;
import na64.daq.pipeline.FragmentArena;
import na64.daq.pipeline.IngestEntry;
import na64.daq.pipeline.Counter;
import na64.daq.pipeline.NanoClock;
import na64.daq.config.RunConfig;
import na64.daq.farm.FragmentPack;
import na64.daq.farm.FrameRecord;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.SpillMarkerFlyweight;
import na64.daq.pipeline.SpillSummary;

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
    /** Fragment records of a source this builder's configuration does not have (readout configured differently). */
    final Counter unknownSource = new Counter();

    /**
     * A builder for {@code partition} ({@code config}: its {@link PartitionConfig}) starting at {@code offset}; {@code alreadyStored} are keys
     * earlier owners stored; {@code partials} gets (partition, summary) for each closed spill.
     */
    PartitionBuilder(RunConfig config, String runConfigHash, int partition, long offset, CommitMetadata metadata,
                     BuiltEventSink store, Set<EventKey> alreadyStored, BiConsumer<Integer, SpillSummary> partials,
                     Counter deduplicated) {
        this.partition = partition;
        this.tracker = new SpillTracker(offset, metadata.below());
        this.sink = new PartitionSink(store, alreadyStored, s -> {
            s.configHash = runConfigHash; // the run's configuration, not the partition's share of it
            partials.accept(partition, s);
            tracker.closed(new SpillKey(s.run, s.spill));
        }, deduplicated);
        this.builder = new EventBuilder(config, sink, clock, NanoClock.SYSTEM, () -> System.currentTimeMillis() * 1_000_000L,
                new na64.daq.pipeline.CounterRegistry(config));
    }

    /** Builds the record at {@code offset}. */
    void onRecord(long offset, byte[] value) {
        if (value.length > 0 && FrameRecord.kind(value) == FrameRecord.PACK) {
            try {
                FragmentPack.forEach(value, (at, size) -> onEntry(offset, value, at, size));
            } catch (RuntimeException e) {
                failed(offset, e);
            }
        } else {
            onEntry(offset, value, 0, value.length);
        }
        tracker.consumed(offset);
    }

    private void failed(long offset, RuntimeException e) {
        errors.increment();
        if (errors.get() <= 10) {
            LOG.error("partition {} offset {}: the builder failed on this record; skipped", partition, offset, e);
        }
    }

    /** Builds one frame record, {@code value[at, +size)}, of the Kafka record at {@code offset}. */
    private void onEntry(long offset, byte[] value, int at, int size) {
        try {
            int flags = FrameRecord.decode(value, at, size, entry);
            int kind = entry.kind;
            clock.advance(entry.receivedNanos);
            entry.readNanos = System.nanoTime(); // decision latency is the builder's own, from consumption
            SpillKey k = kind == IngestEntry.FRAGMENT ? fragmentHeader(value, at) : spillOf(kind);
            if (k != null && tracker.skips(k)) {
                skipped.increment();
            } else {
                if (k != null) {
                    tracker.seen(k, offset);
                }
                if (kind == FrameRecord.SHUTDOWN) {
                    builder.closeOpenSpills(CloseReason.SHUTDOWN);
                } else if (kind == IngestEntry.FRAGMENT) {
                    if (intake(value, at)) {
                        builder.onEvent(entry, offset, true);
                    }
                } else if (kind != IngestEntry.PROTOCOL_ERROR || (flags & FrameRecord.FLAG_COUNTED) != 0) {
                    builder.onEvent(entry, offset, true);
                }
            }
        } catch (RuntimeException e) {
            failed(offset, e);
        }
    }

    /** Reads a fragment record's header fields into the entry; returns its spill. */
    private SpillKey fragmentHeader(byte[] value, int at) {
        if (entry.length < FragmentFlyweight.HEADER_LENGTH) {
            throw new IllegalArgumentException("fragment record with a payload of " + entry.length + " bytes");
        }
        FragmentFlyweight f = fragment.wrap(value, at + FrameRecord.FRAGMENT_HEADER, entry.length);
        entry.setFragmentHeader(f);
        return new SpillKey(entry.run, entry.spill);
    }

    /**
     * Copies the fragment's payload into its source's arena of this partition's builder, as the
     * ingest does in {@code daq serve}; false (and counted) for a source the configuration lacks.
     */
    private boolean intake(byte[] value, int at) {
        FragmentArena arena = builder.arenas().forSource(entry.sourceId);
        if (arena == null) {
            unknownSource.increment();
            return false;
        }
        int to = arena.reserve(entry.length);
        if (to < 0) {
            throw new IllegalStateException("arena of source " + entry.sourceId + " is full on partition " + partition);
        }
        System.arraycopy(value, at + FrameRecord.FRAGMENT_HEADER, arena.bytes(), to, entry.length);
        entry.arenaOffset = to;
        entry.arenaOrdinal = arena.commit(entry.length);
        return true;
    }

    private SpillKey spillOf(int kind) {
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

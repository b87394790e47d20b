package na64.daq.store;

/** One record read back from an event store: an event or a spill summary, in stored order. */
public sealed interface StoredRecord permits StoredEvent, StoredSpill {
}

package na64.daq.store;

/**
 * One record read back from an event store, in stored order: an event, a spill summary, a begin- or
 * end-of-run record, or a configuration. Readers that want only events and spills test with
 * {@code instanceof} and skip the rest.
 */
public sealed interface StoredRecord permits StoredEvent, StoredSpill, StoredRun, StoredConfig {
}

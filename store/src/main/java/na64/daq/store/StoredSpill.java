package na64.daq.store;

/** A spill summary read back from the store. The summary is a fresh instance owned by the caller. */
public record StoredSpill(SpillSummary summary) implements StoredRecord {
}

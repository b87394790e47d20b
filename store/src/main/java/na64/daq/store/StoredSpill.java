package na64.daq.store;

import na64.daq.pipeline.SpillSummary;

/** A spill summary read back from the store. The summary is a fresh instance owned by the caller. */
public record StoredSpill(SpillSummary summary) implements StoredRecord {
}

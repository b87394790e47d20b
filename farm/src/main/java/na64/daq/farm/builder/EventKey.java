package na64.daq.farm.builder;

/** The key of one event, (run, spill, event number): what a rebuild deduplicates on. */
public record EventKey(long run, long spill, long event) {
}

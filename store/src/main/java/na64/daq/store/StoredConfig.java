package na64.daq.store;

/**
 * A configuration record (kind 4): the full effective run configuration as YAML, under the hash the
 * spill and run records name it by. Written once per distinct configuration, before the first record
 * that names it (at the start of a run, or when a reload is accepted), so every spill's
 * {@code config_hash} can be looked up in the store itself.
 *
 * @param hash        the configuration's content hash
 * @param wallClockNs when it was recorded, ns since the Unix epoch
 * @param yaml        the whole configuration, readable again by {@code ConfigLoader.parse}
 */
public record StoredConfig(String hash, long wallClockNs, String yaml) implements StoredRecord {
}

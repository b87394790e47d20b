package na64.daq.farm.builder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;

/**
 * The run configuration of one partition's event builder: the run's, with the events in flight
 * ({@code builder.maxInFlightEvents}, which also sizes the fragment arenas) scaled to the
 * partition's share, {@code 2 × M / P} rounded up to a power of two (at least 256): a partition
 * sees about 1/P of the events in flight, the factor 2 leaves room for uneven blocks. Without
 * this a builder owning six partitions would hold six full-size sets of arenas (~130 MiB each
 * for the reference setup). The spill summaries still carry the run configuration's hash.
 */
final class PartitionConfig {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PartitionConfig() {
    }

    static RunConfig of(RunConfig run, int partitions) {
        int m = run.builder().maxInFlightEvents();
        int share = Integer.highestOneBit(Math.max(1, (int) Math.ceil(2.0 * m / partitions)) * 2 - 1);
        int events = Math.min(m, Math.max(256, share));
        if (events == m) {
            return run;
        }
        try {
            ObjectNode tree = (ObjectNode) YAML.readTree(ConfigLoader.toYaml(run));
            ((ObjectNode) tree.get("builder")).put("maxInFlightEvents", events);
            return ConfigLoader.parse(YAML.writeValueAsString(tree), "partition share of the run configuration");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot derive the partition configuration", e);
        }
    }
}

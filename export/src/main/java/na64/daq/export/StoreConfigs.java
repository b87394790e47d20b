package na64.daq.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.store.ConfigArchive;

/**
 * The run configurations named by a store's spill records: their YAML from the store's own
 * configuration records, else from its {@link ConfigArchive} files (stores written before those
 * records existed), else from a fallback configuration whose hash matches. {@link #config()} is the configuration of the first
 * hash whose YAML is known, else the fallback: the one that names the sources.
 *
 * @param yamlByHash hash to YAML, for the hashes whose YAML is known, in stored order
 * @param unknown    hashes whose YAML is not known
 * @param config     the configuration that names the sources
 */
record StoreConfigs(Map<String, String> yamlByHash, List<String> unknown, RunConfig config) {
    static StoreConfigs resolve(Path store, Collection<String> hashes, Map<String, String> stored, RunConfig fallback)
            throws IOException {
        Map<String, String> yaml = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        RunConfig config = null;
        for (String hash : hashes) {
            Optional<String> y = stored.containsKey(hash) ? Optional.of(stored.get(hash)) : ConfigArchive.load(store, hash);
            if (y.isPresent() && config == null) {
                config = ConfigLoader.parse(y.get(), "configuration " + hash + " of store " + store);
            } else if (y.isEmpty() && hash.equals(fallback.hash())) {
                y = Optional.of(ConfigLoader.toYaml(fallback));
                config = config == null ? fallback : config;
            }
            if (y.isPresent()) {
                yaml.put(hash, y.get());
            } else {
                unknown.add(hash);
            }
        }
        return new StoreConfigs(yaml, unknown, config == null ? fallback : config);
    }
}

package na64.daq.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The run configurations of stores written before configuration records existed, kept beside the
 * queue files as {@code config-<hash>.yaml}. A service now records each configuration in the store
 * itself ({@link StoredConfig}); this class only reads the old files, so {@code daq export} still
 * finds the configurations of older stores.
 */
public final class ConfigArchive {
    private static final Pattern SAFE_HASH = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private ConfigArchive() {
    }

    /** The file that holds the configuration with {@code hash} in store {@code dir}. */
    public static Path file(Path dir, String hash) {
        if (hash == null || !SAFE_HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("not a configuration hash: " + hash);
        }
        return dir.resolve("config-" + hash + ".yaml");
    }

    /** The configuration kept under {@code hash}, if the store has it (stores written before it was kept do not). */
    public static Optional<String> load(Path dir, String hash) throws IOException {
        if (hash == null || !SAFE_HASH.matcher(hash).matches()) {
            return Optional.empty();
        }
        Path f = file(dir, hash);
        return Files.isRegularFile(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8)) : Optional.empty();
    }
}

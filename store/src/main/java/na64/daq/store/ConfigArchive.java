package na64.daq.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The run configurations a store was written with, kept beside the queue files as
 * {@code config-<hash>.yaml}: a spill record names its configuration by hash only, and an analyst
 * exporting the store months later needs the whole effective configuration (calibrations, cuts),
 * not just its hash. Written once per hash, atomically (temporary file, then rename), so a reader
 * never sees half a file; Chronicle ignores files that are not {@code .cq4} or its metadata.
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

    /** Keeps {@code yaml} under {@code hash} unless that hash is already kept. */
    public static void save(Path dir, String hash, String yaml) {
        Path target = file(dir, hash);
        if (Files.exists(target)) {
            return;
        }
        try {
            Path tmp = dir.resolve(".config-" + hash + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the run configuration in " + target, e);
        }
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

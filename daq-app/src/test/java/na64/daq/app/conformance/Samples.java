package na64.daq.app.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared recorded spills: {@code -Dna64.samples}, else {@code ../shared/samples} above the working directory. */
public final class Samples {
    private Samples() {
    }

    public static Path dir() {
        String prop = System.getProperty("na64.samples");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/samples");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            candidate = p.resolveSibling("shared").resolve("samples");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("recorded samples not found: set -Dna64.samples or check out shared/ beside the repo");
    }
}

package na64.daq.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Locates the shared recorded spills ({@code shared/samples}) for the conformance tests. */
public final class Samples {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Samples() {
    }

    /**
     * The samples directory: system property {@code na64.samples} if it names a directory, else the
     * first {@code ../shared/samples} found walking up from the working directory, else
     * {@code /work/shared/samples}. Fails naming every place tried.
     */
    public static Path dir() {
        List<Path> tried = new ArrayList<>();
        String prop = System.getProperty("na64.samples");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
            tried.add(p);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolveSibling("shared").resolve("samples");
            if (d.getParent() != null && Files.isDirectory(p)) {
                return p;
            }
            tried.add(p);
        }
        Path fixed = Path.of("/work/shared/samples");
        if (Files.isDirectory(fixed)) {
            return fixed;
        }
        tried.add(fixed);
        throw new IllegalStateException("recorded sample spills not found; set -Dna64.samples=<dir>. Tried: " + tried);
    }

    /** {@code name}.na64raw in the samples directory, which must exist. */
    public static Path raw(String name) {
        return existing(dir().resolve(name + ".na64raw"));
    }

    /** {@code name}.expected.jsonl in the samples directory, which must exist. */
    public static Path expected(String name) {
        return existing(dir().resolve(name + ".expected.jsonl"));
    }

    /** The JSON lines of {@code name}.expected.jsonl (events and spill summaries), blank lines skipped. */
    public static List<JsonNode> expectedLines(String name) {
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(expected(name))) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("sample file missing: " + p);
        }
        return p;
    }
}

package na64.daq.app.dataout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The independent Parquet reader: {@code tools/parquet-check/read.mjs} (hyparquet, pure JavaScript)
 * run by node. Tests using it are skipped, saying so, only when node is not installed; a missing
 * {@code node_modules} is installed here with {@code npm ci} from the committed lock file
 * ({@code .ci/run} does the same before the build).
 */
final class HyparquetReader {
    /** A file as the reader sees it. */
    record Table(Map<String, String> metadata, List<String> columns, List<JsonNode> rows) {
    }

    private final Path tool;

    private HyparquetReader(Path tool) {
        this.tool = tool;
    }

    /** The reader, or the test is skipped when node is absent. */
    static HyparquetReader require() throws IOException, InterruptedException {
        assumeTrue(run(Path.of("."), "node", "--version") == 0,
                "node is not installed: the independent Parquet reader (tools/parquet-check, hyparquet) cannot run");
        Path tool = locate();
        if (!Files.isDirectory(tool.resolve("node_modules/hyparquet"))) {
            assertThat(run(tool, "npm", "ci", "--no-audit", "--no-fund")).as("npm ci in " + tool).isZero();
        }
        return new HyparquetReader(tool);
    }

    Table read(Path parquet) throws IOException, InterruptedException {
        Path out = Files.createTempFile("hyparquet-", ".jsonl");
        try {
            Process p = new ProcessBuilder("node", tool.resolve("read.mjs").toString(), parquet.toString())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("node read.mjs finished").isTrue();
            assertThat(p.exitValue()).as("node read.mjs " + parquet + " exit code").isZero();
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            JsonNode head = ReplayedStores.JSON.readTree(lines.get(0));
            Map<String, String> meta = new LinkedHashMap<>();
            head.get("metadata").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
            List<String> columns = new ArrayList<>();
            head.get("columns").forEach(c -> columns.add(c.asText()));
            List<JsonNode> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                rows.add(ReplayedStores.JSON.readTree(line));
            }
            assertThat(rows).as("rows of " + parquet).hasSize(head.get("rows").asInt());
            return new Table(meta, columns, rows);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static Path locate() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("tools/parquet-check");
            if (Files.isRegularFile(candidate.resolve("read.mjs"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("tools/parquet-check not found above " + Path.of("").toAbsolutePath());
    }

    private static int run(Path dir, String... cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(300, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1; // not installed
        }
    }
}

package na64.daq.emulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the truth side file: one JSON object per line and trigger,
 * <pre>{"run":1,"spill":1,"event":7,"trigger_type":1,"kind":"signal","x":0.8731}</pre>
 * with {@code "x":null} for every kind but signal. Kinds are {@link EventKind#label()}.
 */
public final class TruthWriter implements AutoCloseable {
    private final BufferedWriter out;
    private final StringBuilder line = new StringBuilder(128);

    private TruthWriter(Path path) throws IOException {
        this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    }

    /** Creates (or truncates) {@code path}. */
    public static TruthWriter create(Path path) throws IOException {
        return new TruthWriter(path);
    }

    /** The side file for {@code rawFile}: {@code FILE.na64raw} gives {@code FILE.truth.jsonl}. */
    public static Path truthPathFor(Path rawFile) {
        String name = rawFile.getFileName().toString();
        String stem = name.endsWith(".na64raw") ? name.substring(0, name.length() - ".na64raw".length()) : name;
        return rawFile.resolveSibling(stem + ".truth.jsonl");
    }

    /** Writes one line per trigger of {@code spill}. */
    public void write(SpillData spill) throws IOException {
        SpillTruth t = spill.truth();
        for (long event = 1; event <= t.triggers(); event++) {
            line.setLength(0);
            line.append("{\"run\":").append(t.run())
                    .append(",\"spill\":").append(t.spill())
                    .append(",\"event\":").append(event)
                    .append(",\"trigger_type\":").append(t.triggerType(event))
                    .append(",\"kind\":\"").append(t.kind(event).label())
                    .append("\",\"x\":");
            double x = t.x(event);
            if (Double.isNaN(x)) {
                line.append("null");
            } else {
                line.append(x);
            }
            line.append("}\n");
            out.append(line);
        }
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

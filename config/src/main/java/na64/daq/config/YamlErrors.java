package na64.daq.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns a YAML parser failure into one line, {@code <origin>: line L, column C: <short reason>}.
 * SnakeYAML's own message spans several lines with context snippets and carets; the operator gets
 * the position and the core reason only.
 */
final class YamlErrors {

    private YamlErrors() {
    }

    static String describe(String origin, JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                Mark mark = m.getProblemMark();
                // SnakeYAML counts from 0, editors from 1.
                return at(origin, mark.getLine() + 1, mark.getColumn() + 1, m.getProblem());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        JsonLocation loc = e.getLocation();
        String reason = e.getOriginalMessage();
        if (loc == null || loc.getLineNr() < 1) {
            return origin + ": " + shorten(reason);
        }
        return at(origin, loc.getLineNr(), loc.getColumnNr(), reason);
    }

    private static String at(String origin, int line, int column, String reason) {
        return origin + ": line " + line + ", column " + column + ": " + shorten(reason);
    }

    /** First line of {@code reason}, without trailing punctuation; never empty. */
    private static String shorten(String reason) {
        if (reason == null || reason.isBlank()) {
            return "invalid YAML";
        }
        String first = reason.strip().lines().findFirst().orElse("invalid YAML").strip();
        return first.endsWith(":") ? first.substring(0, first.length() - 1) : first;
    }
}

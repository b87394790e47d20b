package na64.daq.config;

import java.util.List;

/**
 * A run configuration that cannot be used: unreadable file, YAML syntax error, wrong types, unknown
 * keys or values that fail validation. Carries every problem found, one line each, in the form
 * {@code field.path: reason}, so an operator fixes them all in one go. The message is those lines
 * joined by newlines and nothing else, so a command line can print it as it is.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems one line per problem, at least one */
    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** A single problem. */
    public ConfigException(String problem) {
        this(List.of(problem));
    }

    /** Every problem, one line each, {@code field.path: reason}, in the order found. */
    public List<String> problems() {
        return problems;
    }
}

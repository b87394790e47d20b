package na64.daq.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects configuration problems, one line each, while binding and validating.
 *
 * <p>A value that could not be read (wrong type, missing) is replaced by a placeholder so binding can
 * go on and report everything at once. Validation must not then complain about the placeholder, so
 * the paths that could not be read are remembered, and a validation problem on such a path, inside
 * it or enclosing it is dropped: the operator sees the real cause, not its echoes.
 */
final class Problems {

    private final List<String> lines = new ArrayList<>();
    private final Set<String> unreadable = new HashSet<>();

    /** The value at {@code path} could not be read; later problems related to it are suppressed. */
    void unreadable(String path, String reason) {
        lines.add(path + ": " + reason);
        unreadable.add(path);
    }

    /** A problem that does not leave a placeholder behind (e.g. an unknown key). */
    void always(String path, String reason) {
        lines.add(path + ": " + reason);
    }

    /** A validation problem; dropped when it concerns a value that could not be read. */
    void add(String path, String reason) {
        if (!touchesUnreadable(path)) {
            lines.add(path + ": " + reason);
        }
    }

    /** Whether {@code path} or anything inside it could not be read. */
    boolean anyUnreadableUnder(String path) {
        for (String u : unreadable) {
            if (u.equals(path) || isInside(u, path)) {
                return true;
            }
        }
        return false;
    }

    /** Throws a {@link ConfigException} with every problem collected, if any. */
    void throwIfAny() {
        if (!lines.isEmpty()) {
            throw new ConfigException(lines);
        }
    }

    private boolean touchesUnreadable(String path) {
        for (String u : unreadable) {
            if (u.equals(path) || isInside(u, path) || isInside(path, u)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code inner} names a value inside {@code outer} ({@code a.b} is inside {@code a}, so is {@code a[1]}). */
    private static boolean isInside(String inner, String outer) {
        if (outer.isEmpty()) {
            return !inner.isEmpty();
        }
        return inner.length() > outer.length() && inner.startsWith(outer)
                && (inner.charAt(outer.length()) == '.' || inner.charAt(outer.length()) == '[');
    }

    /** A number as an operator would write it: 1.7, 1000, not 1.7E0 or 1000.0. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-6 || a >= 1e15)) {
            return Double.toString(v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}

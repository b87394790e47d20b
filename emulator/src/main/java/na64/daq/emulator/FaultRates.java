package na64.daq.emulator;

import java.util.List;

/**
 * Fault injection rates, each a probability in [0, 1]. All but {@code noend} are drawn once per
 * trigger; the faulted fragment's source is drawn uniformly, and one trigger never carries two
 * faults on the same source, so every injected fault is visible on its own.
 *
 * @param missing   per trigger: one digitizer (not the trigger unit) skips its fragment
 * @param crc       per trigger: one source's fragment goes out with a corrupt CRC
 * @param duplicate per trigger: one source sends its fragment twice in a row
 * @param reconnect per trigger: one source disconnects before its fragment and reconnects with a
 *                  fresh HELLO (in a file, the HELLO is recorded again)
 * @param noend     per spill: one source never sends END_OF_SPILL
 */
public record FaultRates(double missing, double crc, double duplicate, double reconnect, double noend) {

    /** Checks every rate lies in [0, 1]. */
    public FaultRates {
        check("missing", missing);
        check("crc", crc);
        check("duplicate", duplicate);
        check("reconnect", reconnect);
        check("noend", noend);
    }

    private static void check(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("fault rate " + name + "=" + rate + " must lie in [0, 1]");
        }
    }

    /** No faults. */
    public static FaultRates none() {
        return new FaultRates(0, 0, 0, 0, 0);
    }

    /** The rate of {@code kind}. */
    public double rate(FaultKind kind) {
        return switch (kind) {
            case MISSING -> missing;
            case CRC -> crc;
            case DUPLICATE -> duplicate;
            case RECONNECT -> reconnect;
            case NOEND -> noend;
        };
    }

    /** A copy with {@code kind} at {@code rate}. */
    public FaultRates with(FaultKind kind, double rate) {
        return new FaultRates(
                kind == FaultKind.MISSING ? rate : missing,
                kind == FaultKind.CRC ? rate : crc,
                kind == FaultKind.DUPLICATE ? rate : duplicate,
                kind == FaultKind.RECONNECT ? rate : reconnect,
                kind == FaultKind.NOEND ? rate : noend);
    }

    /** True if any rate is above zero. */
    public boolean any() {
        return missing > 0 || crc > 0 || duplicate > 0 || reconnect > 0 || noend > 0;
    }

    /** Parses command-line items {@code NAME=RATE}, e.g. {@code crc=0.01}; later items win. */
    public static FaultRates parse(List<String> items) {
        FaultRates r = none();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("fault '" + item + "' must read NAME=RATE, e.g. crc=0.01");
            }
            double rate;
            try {
                rate = Double.parseDouble(item.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fault '" + item + "': rate is not a number", e);
            }
            r = r.with(FaultKind.parse(item.substring(0, eq)), rate);
        }
        return r;
    }
}

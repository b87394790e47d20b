package na64.daq.emulator;

/**
 * A fraction {@code passed / total} with its binomial uncertainty.
 *
 * @param passed events that passed
 * @param total  events tried
 */
public record BinomialEstimate(long passed, long total) {

    public BinomialEstimate {
        if (passed < 0 || total < 0 || passed > total) {
            throw new IllegalArgumentException("need 0 <= passed <= total, have " + passed + " / " + total);
        }
    }

    /** passed / total; 0 when nothing was tried. */
    public double value() {
        return total == 0 ? 0 : (double) passed / total;
    }

    /** Binomial standard error √(p (1 − p) / N); 0 when nothing was tried. */
    public double error() {
        if (total == 0) {
            return 0;
        }
        double p = value();
        return Math.sqrt(p * (1 - p) / total);
    }

    /**
     * One-sided 95 % upper limit on the fraction: the Clopper–Pearson bound for zero passes
     * (1 − 0.05^(1/N), about 3/N), otherwise the Wilson score bound.
     */
    public double upperLimit95() {
        if (total == 0) {
            return 1;
        }
        if (passed == 0) {
            return 1 - Math.pow(0.05, 1.0 / total);
        }
        double z = 1.6448536269514722;
        double n = total;
        double p = value();
        double centre = p + z * z / (2 * n);
        double spread = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        return Math.min(1, (centre + spread) / (1 + z * z / n));
    }

    /** Adds two counts. */
    public BinomialEstimate plus(BinomialEstimate other) {
        return new BinomialEstimate(passed + other.passed, total + other.total);
    }
}

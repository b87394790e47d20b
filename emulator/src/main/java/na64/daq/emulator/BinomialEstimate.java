package na64.daq.emulator;

import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * A fraction {@code passed / total} with its Clopper–Pearson (exact binomial) interval, as ROOT's
 * {@code TEfficiency} gives by default: central, at 68.27 % confidence ("1 σ"), so it never leaves
 * [0, 1] and stays honest at 0 and N passes where √(p(1−p)/N) collapses to zero.
 *
 * @param passed events that passed
 * @param total  events tried
 */
public record BinomialEstimate(long passed, long total) {
    /** Confidence level of {@link #ciLow()} / {@link #ciHigh()}: the probability content of ±1 σ. */
    public static final double ONE_SIGMA = 0.682689492137086;

    public BinomialEstimate {
        if (passed < 0 || total < 0 || passed > total) {
            throw new IllegalArgumentException("need 0 <= passed <= total, have " + passed + " / " + total);
        }
    }

    /** passed / total; 0 when nothing was tried. */
    public double value() {
        return total == 0 ? 0 : (double) passed / total;
    }

    /** Lower end of the central 68.27 % Clopper–Pearson interval (0 when nothing passed). */
    public double ciLow() {
        return lower(ONE_SIGMA);
    }

    /** Upper end of the central 68.27 % Clopper–Pearson interval (1 when everything passed). */
    public double ciHigh() {
        return upper(ONE_SIGMA);
    }

    /** Half the width of the 68.27 % interval: a symmetric stand-in where one number is needed. */
    public double error() {
        return (ciHigh() - ciLow()) / 2;
    }

    /** Lower Clopper–Pearson bound of the central interval at {@code level}: Beta⁻¹((1 − level)/2; k, N − k + 1). */
    public double lower(double level) {
        if (total == 0 || passed == 0) {
            return 0;
        }
        return BetaDistribution.of(passed, total - passed + 1.0).inverseCumulativeProbability((1 - level) / 2);
    }

    /** Upper Clopper–Pearson bound of the central interval at {@code level}: Beta⁻¹((1 + level)/2; k + 1, N − k). */
    public double upper(double level) {
        if (total == 0 || passed == total) {
            return 1;
        }
        return BetaDistribution.of(passed + 1.0, (double) (total - passed)).inverseCumulativeProbability((1 + level) / 2);
    }

    /**
     * One-sided 95 % Clopper–Pearson upper limit on the fraction; for zero passes 1 − 0.05^(1/N), about 3/N.
     */
    public double upperLimit95() {
        if (total == 0 || passed == total) {
            return 1;
        }
        return BetaDistribution.of(passed + 1.0, (double) (total - passed)).inverseCumulativeProbability(0.95);
    }

    /** Adds two counts. */
    public BinomialEstimate plus(BinomialEstimate other) {
        return new BinomialEstimate(passed + other.passed, total + other.total);
    }
}

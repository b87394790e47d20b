package na64.daq.emulator;

import java.util.SplittableRandom;

/**
 * The emulator's random numbers: a {@link SplittableRandom} plus the few distributions the physics
 * needs, implemented here (not taken from the JDK's defaults) so the same seed gives the same bytes
 * on every Java version. One instance per (spill, stream); single-threaded.
 */
final class Rng {
    /** Streams of one spill; each gets its own generator so one's consumption never shifts another's. */
    static final int STREAM_TIMING = 1;
    static final int STREAM_PHYSICS = 2;
    static final int STREAM_FAULTS = 3;
    /** Source {@code id}'s noise and send-time jitter use stream {@code STREAM_SOURCE_BASE + id}. */
    static final int STREAM_SOURCE_BASE = 100;

    private static final int NORMAL_TABLE_BITS = 16;
    /** Standard normal deviates for waveform noise: four table lookups per random long are far cheaper than four Gaussians. */
    private static final float[] NORMAL_TABLE = buildNormalTable();

    private final SplittableRandom random;
    private double spareGaussian;
    private boolean hasSpare;
    private long noiseBits;
    private int noiseLeft;

    Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The generator of {@code stream} in {@code spill} for master seed {@code seed}. */
    static Rng of(long seed, long spill, int stream) {
        return new Rng(mix(seed ^ mix(spill * 0x9E3779B97F4A7C15L + stream)));
    }

    /** SplitMix64's finalizer: spreads nearby inputs over the whole 64-bit range. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    double uniform() {
        return random.nextDouble();
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Uniform in [lo, hi). */
    double uniform(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    /** Standard normal deviate (Marsaglia's polar method). */
    double gaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }

    /** A standard normal deviate from a fixed table; good enough for electronics noise, and cheap. */
    double tableNormal() {
        if (noiseLeft == 0) {
            noiseBits = random.nextLong();
            noiseLeft = 64 / NORMAL_TABLE_BITS;
        }
        int i = (int) (noiseBits & ((1 << NORMAL_TABLE_BITS) - 1));
        noiseBits >>>= NORMAL_TABLE_BITS;
        noiseLeft--;
        return NORMAL_TABLE[i];
    }

    /** Exponential deviate of mean {@code mean}. */
    double exponential(double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }

    /** Poisson deviate; multiplication method for small means, Gaussian approximation above 60. */
    int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 60) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian()));
        }
        double limit = Math.exp(-mean);
        double p = random.nextDouble();
        int n = 0;
        while (p > limit) {
            p *= random.nextDouble();
            n++;
        }
        return n;
    }

    /** Gamma deviate of {@code shape} and {@code scale} (Marsaglia and Tsang, with the shape-below-one boost). */
    double gamma(double shape, double scale) {
        if (shape < 1) {
            double u = random.nextDouble();
            return gamma(shape + 1, scale) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = gaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v * scale;
            }
        }
    }

    /**
     * Landau-like energy loss (Moyal distribution): most probable value {@code mpv}, width
     * {@code width}, high tail cut at {@code mpv + 15 width} so one deviate cannot swamp a sum.
     */
    double moyal(double mpv, double width) {
        double z = gaussian();
        double t = -Math.log(Math.max(z * z, 1e-300));
        return mpv + width * Math.min(t, 15);
    }

    private static float[] buildNormalTable() {
        Rng r = new Rng(0x6E6F697365L);
        float[] t = new float[1 << NORMAL_TABLE_BITS];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) r.gaussian();
        }
        return t;
    }
}

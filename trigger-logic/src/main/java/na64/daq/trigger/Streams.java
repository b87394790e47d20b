package na64.daq.trigger;

import java.util.ArrayList;
import java.util.List;

/**
 * The output streams of spec §8 as bits of an int mask, so a decision travels through the hot path
 * as a primitive. Bit {@code i} of a mask set means the event was accepted into stream {@code i}.
 */
public final class Streams {
    /** The missing-energy physics stream. */
    public static final int INVISIBLE = 0;
    /** Every complete RANDOM trigger (prescaled). */
    public static final int RANDOM = 1;
    /** Every N-th complete PHYSICS trigger, regardless of cuts. */
    public static final int CALIBRATION = 2;
    /** Number of streams. */
    public static final int COUNT = 3;
    /** Mask with every stream's bit set. */
    public static final int ALL_MASK = (1 << COUNT) - 1;

    /** Names as written in the run configuration and the expected-output files. */
    private static final String[] NAMES = {"invisible", "random", "calibration"};

    private Streams() {
    }

    /** Mask with only {@code bit} set. */
    public static int maskOf(int bit) {
        return 1 << bit;
    }

    /** Name of stream {@code bit} (0 .. COUNT-1); constant strings, no allocation. */
    public static String name(int bit) {
        if (bit < 0 || bit >= COUNT) {
            throw new IllegalArgumentException("no stream with bit " + bit);
        }
        return NAMES[bit];
    }

    /** Bit of the stream called {@code name}, or -1 if there is none. */
    public static int bitOf(String name) {
        for (int i = 0; i < COUNT; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Names of the streams set in {@code mask}, in bit order. Allocates: for tools and logs, not the hot path. */
    public static List<String> names(int mask) {
        List<String> out = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            if ((mask & (1 << i)) != 0) {
                out.add(NAMES[i]);
            }
        }
        return out;
    }

    /** Mask of the named streams; unknown names fail. Allocation-free only for an empty iterable; for tools. */
    public static int mask(Iterable<String> names) {
        int m = 0;
        for (String n : names) {
            int bit = bitOf(n);
            if (bit < 0) {
                throw new IllegalArgumentException("unknown stream '" + n + "'");
            }
            m |= 1 << bit;
        }
        return m;
    }
}

package na64.daq.app;

/** Range checks of command-line values, done before any service starts; each failure is one line, exit 2. */
public final class Checks {
    private Checks() {
    }

    /** {@code value} in [min, max], else a {@link DaqMain.UserError} naming the option. */
    public static void inRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new DaqMain.UserError(option + " must be in " + min + ".." + max + ", got " + value);
        }
    }

    /** {@code value} in (0, max], else a {@link DaqMain.UserError} naming the option. */
    public static void positive(String option, double value, double max) {
        if (!(value > 0 && value <= max)) {
            throw new DaqMain.UserError(option + " must be > 0 and <= " + max + ", got " + value);
        }
    }
}

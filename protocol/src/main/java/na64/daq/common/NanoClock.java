package na64.daq.common;

/**
 * Monotonic time in nanoseconds. Everything that times out (event build, spill close, source
 * silence) reads time through this interface so tests can drive it by hand with {@link ManualClock}.
 */
@FunctionalInterface
public interface NanoClock {
    /** The system's monotonic clock. */
    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}

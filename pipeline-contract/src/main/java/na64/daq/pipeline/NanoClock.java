package na64.daq.pipeline;


/**
 * Monotonic time in nanoseconds. Everything that times out (event build, spill close, source
 * silence) reads time through this interface so tests can drive it by hand with a hand-driven clock (the test kit's {@code ManualClock}).
 */
@FunctionalInterface
public interface NanoClock {
    /** The system's monotonic clock. */
    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();
}

package na64.daq.pipeline;

/**
 * Wall-clock time in nanoseconds since the Unix epoch, for what is dated rather than timed: spill
 * summaries' close time, crash-recovered summaries. Timeouts never read it (it can jump); they read
 * a {@link NanoClock}. The service takes its epoch clock from its context, so a test can fix it.
 */
@FunctionalInterface
public interface EpochClock {
    /** The system's wall clock, at millisecond resolution. */
    EpochClock SYSTEM = () -> System.currentTimeMillis() * 1_000_000L;

    long epochNanos();
}

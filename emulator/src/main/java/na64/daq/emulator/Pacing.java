package na64.daq.emulator;

/** How {@link FrontEndEmulator} times its sends. Files are not paced; their records carry the times. */
public enum Pacing {
    /** Each frame leaves at its send time after the run's start, as a beamline would deliver it. */
    REALTIME,
    /** Frames leave as fast as the socket takes them (TCP backpressure is the only brake). */
    MAX_SPEED
}

package na64.daq.pipeline;

/**
 * Whether a run is being taken: ingest reads it once per spill marker and fragment (one volatile
 * load) and, while it is closed, counts those frames as taken outside a run instead of publishing
 * them. Written only by run control (off the hot threads), so a plain volatile flag is enough.
 * A new gate is open: a service that never uses run control builds everything it receives.
 */
public final class RunGate {
    private volatile boolean open = true;

    /** Lets fragments and spill markers into the ring (a run begins). */
    public void open() {
        open = true;
    }

    /** Keeps them out of the ring; they are counted as outside a run (the run ends). */
    public void close() {
        open = false;
    }

    /** True while a run is being taken. */
    public boolean isOpen() {
        return open;
    }
}

package na64.daq.pipeline;

/** Why the event builder closed a spill (spec §6). The ordinal is not stored; {@link #code()} is. */
public enum CloseReason {
    /** Every expected source sent END_OF_SPILL. */
    ALL_ENDED(0),
    /** The spill timeout passed before every source ended the spill. */
    TIMEOUT(1),
    /** The service shut down with the spill still open. */
    SHUTDOWN(2),
    /**
     * Written when a service starts on a store whose last spills have events but no summary: the
     * previous process died (kill -9, power loss) with them open. The counts cover what the store
     * holds of those spills (accepted and incomplete events), not what was built but not stored.
     */
    CRASH_RECOVERED(3),
    /** Run control ended the run ({@code POST /run/stop}) with the spill still open; the service stays up. */
    RUN_STOP(4);

    private final int code;

    CloseReason(int code) {
        this.code = code;
    }

    /** The stable code written in spill records. */
    public int code() {
        return code;
    }

    /** The reason for a stored {@link #code()}. */
    public static CloseReason ofCode(int code) {
        for (CloseReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown spill close reason code " + code);
    }
}

package na64.daq.store;

/** Why the event builder closed a spill (spec §6). The ordinal is not stored; {@link #code()} is. */
public enum CloseReason {
    /** Every expected source sent END_OF_SPILL. */
    ALL_ENDED(0),
    /** The spill timeout passed before every source ended the spill. */
    TIMEOUT(1),
    /** The service shut down with the spill still open. */
    SHUTDOWN(2);

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

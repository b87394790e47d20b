package na64.daq.emulator;

import java.util.Locale;

/**
 * Faults the emulator injects on request (see {@link FaultRates} for what each rate means).
 * Labels are the names used on the command line ({@code --fault crc=0.01}).
 */
public enum FaultKind {
    /** A digitizer skips its fragment of a trigger: the event ends incomplete. */
    MISSING,
    /** A fragment goes out with a corrupt CRC: the service drops it as a protocol error. */
    CRC,
    /** A fragment is sent twice in a row: the service counts a duplicate. */
    DUPLICATE,
    /** A source closes its connection mid-spill, reconnects, sends HELLO again and goes on. */
    RECONNECT,
    /** One source never sends END_OF_SPILL: the service closes the spill on its timeout. */
    NOEND;

    /** Lower-case command-line name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind called {@code label} (case-insensitive). */
    public static FaultKind parse(String label) {
        for (FaultKind k : values()) {
            if (k.name().equalsIgnoreCase(label.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + label + "' (missing, crc, duplicate, reconnect, noend)");
    }
}

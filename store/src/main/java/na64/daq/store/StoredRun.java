package na64.daq.store;

/**
 * A begin-of-run or end-of-run record (kind 3): written by run control when a run starts and when
 * it ends, so the store says which runs were taken, when, at whose request and with which
 * configuration. The configuration itself is in a {@link StoredConfig} record with the same hash,
 * written once per distinct configuration before the first record that names it.
 *
 * @param phase          begin or end of the run
 * @param run            the run number given at the start, or {@link #NO_RUN} when none was given
 *                       (the data carry the front-ends' numbers either way)
 * @param wallClockNs    when, ns since the Unix epoch
 * @param requestedBy    who asked: {@code http}, {@code signal}, {@code command_line}, {@code api} or
 *                       {@code crash_recovery} (a start-up closing a run its crashed predecessor left open)
 * @param detail         one line more about it, e.g. {@code POST /run/stop from 127.0.0.1:41234} or {@code SIGTERM}
 * @param configHash     the configuration in force: at the start, and at the end the newest one applied; may be null
 * @param spills         spills closed in the run (0 in a begin record)
 * @param otherRunBegins BEGIN_OF_SPILL frames that named another run than {@code run} (0 in a begin record)
 */
public record StoredRun(Phase phase, long run, long wallClockNs, String requestedBy, String detail, String configHash,
                        long spills, long otherRunBegins) implements StoredRecord {
    /** {@link #run} when the start gave no run number. */
    public static final long NO_RUN = -1;

    /** Which end of the run the record marks. */
    public enum Phase {
        BEGIN, END
    }

    /** Requester and detail may not be null (empty is fine): the layout has no null for them. */
    public StoredRun {
        requestedBy = requestedBy == null ? "" : requestedBy;
        detail = detail == null ? "" : detail;
    }
}

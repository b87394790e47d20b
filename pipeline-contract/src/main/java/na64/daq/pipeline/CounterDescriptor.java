package na64.daq.pipeline;

import static na64.daq.pipeline.CounterDescriptor.Kind.COUNTER;
import static na64.daq.pipeline.CounterDescriptor.Kind.DERIVED;
import static na64.daq.pipeline.CounterDescriptor.Kind.GAUGE;
import static na64.daq.pipeline.CounterDescriptor.Scope.GLOBAL;
import static na64.daq.pipeline.CounterDescriptor.Scope.SOURCE;
import static na64.daq.pipeline.CounterDescriptor.Scope.SOURCE_AND_UNATTRIBUTED;
import static na64.daq.pipeline.CounterDescriptor.Unit.BYTES;
import static na64.daq.pipeline.CounterDescriptor.Unit.NANOSECONDS;
import static na64.daq.pipeline.CounterDescriptor.Unit.NONE;

/**
 * Every counter of the service, described once: a stable id, the exported Prometheus name, its
 * kind, unit, scope (per source or not), an optional second label and the help text. Stages
 * allocate their {@link Counter}s from a {@link CounterRegistry} by descriptor; monitoring walks the
 * registry and exports each counter from its descriptor, knowing no stage's fields. Ids are grouped
 * by the writing stage: 1xx ingest per source, 2xx ingest, 3xx reconstruction (ingest thread),
 * 4xx event builder, 5xx store (builder thread), 6xx the distinct error log (any thread, under its lock),
 * 70x the raw recorder's writer thread, 71x ingest's side of the recorder (registered only with {@code --record}).
 * The names are what dashboards and alert rules query: never rename one.
 */
public enum CounterDescriptor {
    SOURCE_FRAMES(101, "daq_source_frames_total", COUNTER, NONE, SOURCE_AND_UNATTRIBUTED, null,
            "Frames received from the source, good or bad (unattributed: before a valid HELLO)"),
    SOURCE_BYTES(102, "daq_source_received_bytes_total", COUNTER, BYTES, SOURCE_AND_UNATTRIBUTED, null,
            "Bytes of frames (header + payload) received from the source"),
    SOURCE_PROTOCOL_ERRORS(103, "daq_source_protocol_errors_total", COUNTER, NONE, SOURCE_AND_UNATTRIBUTED, "reason",
            "Protocol errors (spec section 2) by source and reason; the frame or connection was refused"),
    SOURCE_HEARTBEATS(104, "daq_source_heartbeats_total", COUNTER, NONE, SOURCE, null,
            "HEARTBEAT frames received from the source"),
    SOURCE_CONNECTIONS(105, "daq_source_connections_total", COUNTER, NONE, SOURCE, null,
            "Connections of the source accepted (valid HELLO)"),
    SOURCE_CONNECTED(106, "daq_source_connected", GAUGE, NONE, SOURCE, null,
            "1 while the source has a live connection, else 0"),
    /** The counter holds the ingest clock's time of the last frame; monitoring exports the seconds since. */
    SOURCE_LAST_FRAME(107, "daq_source_seconds_since_last_frame", DERIVED, NONE, SOURCE, null,
            "Seconds since the last frame from the source (since service start if none yet); "
                    + "a front-end sends a HEARTBEAT at least every second while idle"),
    SOURCE_BACKPRESSURE(108, "daq_source_backpressure_seconds_total", COUNTER, NANOSECONDS, SOURCE, null,
            "Time the source's connection was paused because the ring was full (added when it resumes)"),
    SOURCE_ARENA_FULL(109, "daq_source_arena_full_total", COUNTER, NONE, SOURCE, null,
            "Times a fragment of the source was held back because its payload arena was full (its events not yet decided)"),
    SOURCE_FRAGMENT_FRAMES(110, "daq_source_fragment_frames_total", COUNTER, NONE, SOURCE_AND_UNATTRIBUTED, null,
            "FRAGMENT frames received, good or bad: each is refused or consumed by the event builder"),
    SOURCE_FRAGMENT_FRAMES_REFUSED(111, "daq_source_fragment_frames_refused_total", COUNTER, NONE,
            SOURCE_AND_UNATTRIBUTED, null,
            "FRAGMENT frames refused with a protocol error (bad CRC, malformed, source mismatch, before HELLO)"),
    SOURCE_CONNECTIONS_CLOSED(112, "daq_source_connections_closed_total", COUNTER, NONE, SOURCE_AND_UNATTRIBUTED,
            "reason", "Connections ingest closed by source and reason (hello_timeout, idle_timeout, "
                    + "pending_limit, taken_over); an ERROR frame named the reason"),
    SOURCE_OUTSIDE_RUN(114, "daq_source_outside_run_frames_total", COUNTER, NONE, SOURCE, "type",
            "Frames of the source received and counted but not built because no run was being taken "
                    + "(run control idle), by frame type (fragment, spill_marker)"),
    SOURCE_WINDOW_LAG_RELEASES(113, "daq_source_window_lag_releases_total", COUNTER, NONE, SOURCE, null,
            "Times the source had held the others back longer than the build timeout and was let go of "
                    + "(a slow but alive source: its events go incomplete)"),

    INGEST_CONNECTIONS_OPEN(201, "daq_ingest_connections_open", GAUGE, NONE, GLOBAL, null,
            "TCP connections open on the ingest port, with or without HELLO"),
    INGEST_CONNECTIONS_PENDING(202, "daq_ingest_connections_pending", GAUGE, NONE, GLOBAL, null,
            "Connections open without a valid HELLO yet"),
    /** Written by the accepting thread, not the event loop. */
    INGEST_ACCEPT_REFUSED(203, "daq_ingest_connections_refused_at_accept_total", COUNTER, NONE, GLOBAL, null,
            "Connections closed at accept: sources + pending limit + 16 were already open"),
    INGEST_LOG_LINES_SUPPRESSED(204, "daq_ingest_log_lines_suppressed_total", COUNTER, NONE, GLOBAL, null,
            "Ingest warnings left out by the rate limit (same kind of line too often)"),
    INGEST_WINDOW_HOLDS(205, "daq_ingest_window_holds_total", COUNTER, NONE, GLOBAL, null,
            "Times a fragment was held back because its source ran too far ahead of the slowest live source "
                    + "(each retry counts)"),
    INGEST_RING_FULL(206, "daq_ingest_ring_full_total", COUNTER, NONE, GLOBAL, null,
            "Ring claims refused because the ring was full; each pauses a connection (backpressure)"),

    SOURCE_UNMAPPED_CHANNELS(301, "daq_source_unmapped_channels_total", COUNTER, NONE, SOURCE_AND_UNATTRIBUTED, null,
            "Channels the channel map does not map, in the source's fragments: they add no energy "
                    + "(unattributed: sources the configuration does not name)"),

    BUILDER_ENTRIES(401, "daq_builder_entries_total", COUNTER, NONE, GLOBAL, null,
            "Ring entries the event builder processed (fragments, spill markers, protocol errors)"),
    BUILDER_FRAGMENTS(402, "daq_builder_fragments_total", COUNTER, NONE, GLOBAL, null,
            "Fragments the event builder consumed, all sources"),
    EVENTS_COMPLETE(403, "daq_events_complete_total", COUNTER, NONE, GLOBAL, null,
            "Events built with every expected fragment"),
    EVENTS_INCOMPLETE(404, "daq_events_incomplete_total", COUNTER, NONE, GLOBAL, null,
            "Events released with at least one fragment missing"),
    FRAGMENTS_DUPLICATE(405, "daq_fragments_duplicate_total", COUNTER, NONE, GLOBAL, null,
            "Fragments dropped because the same source and key came before"),
    FRAGMENTS_LATE(406, "daq_fragments_late_total", COUNTER, NONE, GLOBAL, null,
            "Fragments that arrived after their event was released"),
    FRAGMENTS_AFTER_SPILL_CLOSE(407, "daq_fragments_after_spill_close_total", COUNTER, NONE, GLOBAL, null,
            "Fragments for a spill already closed"),
    BUILDER_STRAY_FRAMES(408, "daq_builder_stray_frames_total", COUNTER, NONE, GLOBAL, null,
            "Frames naming a spill their source may not open now (a stray of another spill): not used"),
    SPILLS_TRIGGER_COUNT_MISMATCH(409, "daq_spills_trigger_count_mismatch_total", COUNTER, NONE, GLOBAL, null,
            "Spills where a source's END_OF_SPILL trigger count differs from the events built with its fragment"),
    EVENTS_MISALIGNED(410, "daq_events_misaligned_total", COUNTER, NONE, GLOBAL, null,
            "Events whose digitizer trigger time or type differs from the trigger unit's (never accepted)"),
    EVENTS_EVICTED(411, "daq_events_evicted_total", COUNTER, NONE, GLOBAL, null,
            "Events released early because the in-flight table was full"),
    BUILDER_PROTOCOL_ERRORS(412, "daq_builder_protocol_errors_total", COUNTER, NONE, GLOBAL, "attribution",
            "Protocol errors the builder saw, attributed to the spill open on the connection or not"),
    SPILLS_CLOSED(413, "daq_spills_closed_total", COUNTER, NONE, GLOBAL, null,
            "Spills closed (all sources ended, timeout or shutdown)"),
    SPILLS_TIMED_OUT(414, "daq_spills_timed_out_total", COUNTER, NONE, GLOBAL, null,
            "Spills closed by the spill timeout, some source never ended them"),
    EOT(415, "daq_eot_total", COUNTER, NONE, GLOBAL, null,
            "Electrons on target (trigger-unit scaler 1), summed over closed spills since start"),
    RUN_NUMBER(416, "daq_run_number", GAUGE, NONE, GLOBAL, null, "Run number of the latest BEGIN_OF_SPILL"),
    SPILL_NUMBER(417, "daq_spill_number", GAUGE, NONE, GLOBAL, null, "Spill number of the latest BEGIN_OF_SPILL"),
    EOT_LAST_SPILL(418, "daq_eot_last_spill", GAUGE, NONE, GLOBAL, null, "Electrons on target of the last closed spill"),
    BUILDER_ERRORS(419, "daq_builder_errors_total", COUNTER, NONE, GLOBAL, null,
            "Ring entries whose processing threw (logged, skipped)"),
    EVENTS_IN_FLIGHT(420, "daq_events_in_flight", GAUGE, NONE, GLOBAL, null, "Events being assembled (waiting for fragments)"),
    RUN_OTHER_RUN_BEGINS(423, "daq_run_begin_of_spill_other_run_total", COUNTER, NONE, GLOBAL, null,
            "BEGIN_OF_SPILL frames naming another run than the one given at the start (data keep the front-ends' number)"),
    SPILLS_OPEN(421, "daq_spills_open", GAUGE, NONE, GLOBAL, null, "Spills open now; > 0 means a spill is being taken"),
    FRAGMENTS_EVACUATED(422, "daq_builder_evacuated_fragments_total", COUNTER, NONE, GLOBAL, null,
            "Fragments copied out of a crowded payload arena into their event's slot (an old event held the arena)"),
    SOURCE_FRAGMENTS(431, "daq_source_fragments_total", COUNTER, NONE, SOURCE, null,
            "Well-formed FRAGMENT frames of the source consumed by the event builder"),
    SOURCE_MISSING_FRAGMENTS(432, "daq_source_missing_fragments_total", COUNTER, NONE, SOURCE, null,
            "Events released incomplete without this source's fragment"),
    SOURCE_LAST_EVENT(433, "daq_source_last_event", GAUGE, NONE, SOURCE, null,
            "Event number of the source's latest new fragment"),
    DECISIONS(441, "daq_decisions_total", COUNTER, NONE, GLOBAL, "stream", "Events accepted into each output stream"),

    STORE_EVENTS_APPENDED(501, "daq_store_events_appended_total", COUNTER, NONE, GLOBAL, null,
            "Event records appended to the store"),
    STORE_SPILLS_APPENDED(502, "daq_store_spills_appended_total", COUNTER, NONE, GLOBAL, null,
            "Spill summary records appended to the store"),
    STORE_BYTES_APPENDED(503, "daq_store_appended_bytes_total", COUNTER, BYTES, GLOBAL, null,
            "Record bytes appended to the store"),
    /** Total append time; monitoring exports it with the append count (events + spills) as a timer. */
    STORE_APPEND_TIME(504, "daq_store_append_seconds", DERIVED, NANOSECONDS, GLOBAL, null,
            "Store appends: count and total time (mean = rate of sum / rate of count)"),
    STORE_LAST_APPEND(505, "daq_store_last_append_seconds", GAUGE, NANOSECONDS, GLOBAL, null,
            "Duration of the most recent store append, seconds"),
    STORE_EVENTS_NOT_STORED(506, "daq_store_events_not_stored_total", COUNTER, NONE, GLOBAL, null,
            "Events the failed store could not take (counted at shutdown, never dropped while running)"),
    STORE_SPILLS_NOT_STORED(507, "daq_store_spills_not_stored_total", COUNTER, NONE, GLOBAL, null,
            "Spill summaries the failed store could not take (each is in the log)"),

    ERRORS(601, "daq_errors_total", COUNTER, NONE, GLOBAL, null,
            "Unexpected exceptions caught by the service, any thread; /status lists the distinct ones"),
    ERRORS_DISTINCT(602, "daq_errors_distinct", GAUGE, NONE, GLOBAL, null,
            "Distinct unexpected exceptions (class, message, stack trace) in the error log of /status"),
    ERRORS_NOT_KEPT(603, "daq_errors_not_kept_total", COUNTER, NONE, GLOBAL, null,
            "Observations of new distinct exceptions the full error log could not keep (in daq_errors_total too)"),

    RECORDER_FRAMES(701, "daq_recorder_frames_total", COUNTER, NONE, GLOBAL, null,
            "Frames written to the raw recording (each file's leading HELLOs not counted)"),
    RECORDER_WRITTEN(702, "daq_recorder_written_bytes_total", COUNTER, BYTES, GLOBAL, null,
            "Bytes written to the raw recording: file headers, leading HELLOs, records"),
    RECORDER_FILES(703, "daq_recorder_files_total", COUNTER, NONE, GLOBAL, null,
            "Raw recording files opened (one per spill, and per size part)"),
    RECORDER_ERRORS(704, "daq_recorder_errors_total", COUNTER, NONE, GLOBAL, null,
            "Failed opens, writes, renames and closes of raw recording files"),
    RECORDER_FAILED(705, "daq_recorder_failed", GAUGE, NONE, GLOBAL, null,
            "1 once the raw recording stopped (a write failed, or its disk froze): frames are no longer recorded; "
                    + "the run goes on"),
    RECORDER_UNRECORDED_FRAMES(706, "daq_recorder_unrecorded_frames_total", COUNTER, NONE, GLOBAL, "cause",
            "Frames received but not recorded because the recording had failed (lost: queued when it failed; "
                    + "skipped: received after)"),
    RECORDER_WAITS(711, "daq_recorder_waits_total", COUNTER, NONE, GLOBAL, null,
            "Times ingest waited for the recorder's disk to free a buffer"),
    RECORDER_BACKPRESSURE(712, "daq_recorder_backpressure_seconds_total", COUNTER, NANOSECONDS, GLOBAL, null,
            "Time ingest waited for the recorder's disk (backpressure on every front-end)"),
    RECORDER_BAD_HEADERS(713, "daq_recorder_bad_headers_total", COUNTER, NONE, GLOBAL, null,
            "Connections whose bytes stopped being frames (bad magic, length over the cap): nothing more recorded from them"),
    RECORDER_CUT_FRAMES(714, "daq_recorder_cut_frames_total", COUNTER, NONE, GLOBAL, null,
            "Frames cut by their connection's close: not recorded"),
    RECORDER_UNFRAMED(715, "daq_recorder_unframed_bytes_total", COUNTER, BYTES, GLOBAL, null,
            "Bytes received that are not a whole frame (after a header that is not one, or of a frame cut by the "
                    + "close): not recordable");

    /** How a counter is exported. */
    public enum Kind {
        /** Only goes up: a Prometheus counter, name ending in {@code _total}. */
        COUNTER,
        /** Set to the current value: a Prometheus gauge. */
        GAUGE,
        /** Read by a meter monitoring derives from it (named here); not exported as itself. */
        DERIVED
    }

    /** The exported unit: its Prometheus name suffix and the factor from the counter's value. */
    public enum Unit {
        NONE(null, 1),
        BYTES("bytes", 1),
        /** The counter holds nanoseconds; exported in seconds. */
        NANOSECONDS("seconds", 1e-9);

        private final String suffix;
        private final double scale;

        Unit(String suffix, double scale) {
            this.suffix = suffix;
            this.scale = scale;
        }

        /** The Prometheus base unit ("bytes", "seconds"), or null. */
        public String suffix() {
            return suffix;
        }

        /** The exported value of a counter value. */
        public double export(long value) {
            return value * scale;
        }
    }

    /** Whether there is one counter, or one per source. */
    public enum Scope {
        GLOBAL,
        /** One per configured source (label {@code source} = its id). */
        SOURCE,
        /** As {@link #SOURCE}, plus {@code source="unattributed"} for what no configured source sent. */
        SOURCE_AND_UNATTRIBUTED
    }

    private final int id;
    private final String prometheusName;
    private final Kind kind;
    private final Unit unit;
    private final Scope scope;
    private final String labelName;
    private final String help;
    private final String meterName;

    CounterDescriptor(int id, String prometheusName, Kind kind, Unit unit, Scope scope, String labelName, String help) {
        this.id = id;
        this.prometheusName = prometheusName;
        this.kind = kind;
        this.unit = unit;
        this.scope = scope;
        this.labelName = labelName;
        this.help = help;
        String n = prometheusName;
        n = kind == COUNTER ? strip(n, "_total") : n;
        n = unit.suffix != null ? strip(n, "_" + unit.suffix) : n;
        this.meterName = n.replace('_', '.');
    }

    /** {@code name} without {@code suffix}; a descriptor whose name lacks the suffix its kind and unit need fails at class init. */
    private static String strip(String name, String suffix) {
        if (!name.endsWith(suffix)) {
            throw new IllegalStateException(name + " must end with " + suffix);
        }
        return name.substring(0, name.length() - suffix.length());
    }

    /** Stable numeric id (like an Agrona counter type id), unique over all descriptors. */
    public int id() {
        return id;
    }

    /** The family name in the Prometheus scrape, e.g. {@code daq_source_received_bytes_total}. */
    public String prometheusName() {
        return prometheusName;
    }

    /** The Micrometer meter name Micrometer turns into {@link #prometheusName()} (no unit, no {@code _total}). */
    public String meterName() {
        return meterName;
    }

    public Kind kind() {
        return kind;
    }

    public Unit unit() {
        return unit;
    }

    public Scope scope() {
        return scope;
    }

    /** The second label's name ("reason", "stream", "attribution"), or null when there is none. */
    public String labelName() {
        return labelName;
    }

    /** The HELP text of the family. */
    public String help() {
        return help;
    }
}

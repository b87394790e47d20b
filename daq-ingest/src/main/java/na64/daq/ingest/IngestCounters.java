package na64.daq.ingest;

import static na64.daq.pipeline.CounterDescriptor.*;

import java.util.Arrays;

import na64.daq.config.RunConfig;
import na64.daq.pipeline.Counter;
import na64.daq.pipeline.CounterRegistry;
import na64.daq.pipeline.DistinctErrorLog;
import na64.daq.protocol.ProtocolError;

/**
 * The ingest stage's counters: fields holding the {@link Counter}s ingest allocated from the
 * {@link CounterRegistry} (where each is described: name, help, unit), so the event loop bumps a
 * field and monitoring reads the registry. Written by the ingest event loop only, except
 * {@link #acceptRefused} (the accepting thread). Index {@code i < sourceCount()} is the i-th
 * configured source; the last index collects what cannot be attributed to a configured source
 * (frames before a valid HELLO, unknown ids).
 */
public final class IngestCounters {
    private final CounterRegistry registry;
    public final Counter[] frames;
    public final Counter[] bytes;
    public final Counter[] heartbeats;
    public final Counter[] connections;
    /** 1 while the source has a live connection. */
    public final Counter[] connected;
    /** NanoClock time of the last frame received from the source (0 = never). */
    public final Counter[] lastFrameNanos;
    /** Total ns the source's connection spent paused because the ring was full. */
    public final Counter[] backpressureNanos;
    /** Fragments held back because the source's payload arena was full (its events not yet decided). */
    public final Counter[] arenaFull;
    /**
     * FRAGMENT frames received (type byte 0x03 on a whole frame), good or bad. The accounting
     * invariant starts here: each one is either refused ({@link #fragmentFramesRefused}) or handed
     * to the event builder, which counts it in {@code BuilderCounters.fragmentsPerSource}.
     */
    public final Counter[] fragmentFrames;
    /** FRAGMENT frames refused with a protocol error (bad CRC, malformed, source mismatch, before HELLO). */
    public final Counter[] fragmentFramesRefused;
    /**
     * FRAGMENT frames received while no run was taken (run control idle): counted here and not built
     * ({@code outside_run}); part of the accounting invariant like the refused ones.
     */
    public final Counter[] fragmentsOutsideRun;
    /** BEGIN/END_OF_SPILL frames received while no run was taken: counted, not put into the ring. */
    public final Counter[] markersOutsideRun;
    /** Errors as [source index][ProtocolError ordinal]. */
    public final Counter[][] errors;
    /** Connections ingest closed, as [source index][ConnectionClosure ordinal]. */
    public final Counter[][] closures;
    /** TCP connections open now (with or without HELLO). */
    public final Counter openConnections;
    /** Connections open now that have not yet sent a valid HELLO. */
    public final Counter pendingConnections;
    /** Connections closed at accept because the descriptor bound was reached (accepting thread only). */
    public final Counter acceptRefused;
    /** Fragments held back because their source ran too far ahead of the slowest live source (retries included). */
    public final Counter windowHolds;
    /** Per source index (configured sources): times the window let go of the source for holding the others longer than the build timeout. */
    public final Counter[] windowLagReleases;
    /** Log lines ingest left out because the same kind of line came too often ({@link RateLimitedLog}). */
    public final Counter logLinesSuppressed;
    /** Ring claims refused because the ring was full (each one pauses a connection). */
    public final Counter ringFull;
    /** Where ingest's handlers put the exceptions they did not expect (not the network's). */
    public final DistinctErrorLog errorLog;

    /** Counters of their own, for ingest parts used without a service (tests). */
    public IngestCounters(RunConfig config) {
        this(new CounterRegistry(config));
    }

    /** Allocates ingest's counters from {@code registry}, which must be built for the service's sources. */
    public IngestCounters(CounterRegistry registry) {
        this.registry = registry;
        frames = registry.perSource(SOURCE_FRAMES);
        bytes = registry.perSource(SOURCE_BYTES);
        heartbeats = registry.perSource(SOURCE_HEARTBEATS);
        connections = registry.perSource(SOURCE_CONNECTIONS);
        connected = registry.perSource(SOURCE_CONNECTED);
        lastFrameNanos = registry.perSource(SOURCE_LAST_FRAME);
        backpressureNanos = registry.perSource(SOURCE_BACKPRESSURE);
        arenaFull = registry.perSource(SOURCE_ARENA_FULL);
        fragmentFrames = registry.perSource(SOURCE_FRAGMENT_FRAMES);
        fragmentFramesRefused = registry.perSource(SOURCE_FRAGMENT_FRAMES_REFUSED);
        errors = registry.perSource(SOURCE_PROTOCOL_ERRORS,
                Arrays.stream(ProtocolError.values()).map(ProtocolError::label).toArray(String[]::new));
        closures = registry.perSource(SOURCE_CONNECTIONS_CLOSED,
                Arrays.stream(ConnectionClosure.values()).map(ConnectionClosure::label).toArray(String[]::new));
        windowLagReleases = registry.perSource(SOURCE_WINDOW_LAG_RELEASES);
        Counter[][] outside = registry.perSource(SOURCE_OUTSIDE_RUN, "fragment", "spill_marker");
        fragmentsOutsideRun = new Counter[outside.length];
        markersOutsideRun = new Counter[outside.length];
        for (int i = 0; i < outside.length; i++) {
            fragmentsOutsideRun[i] = outside[i][0];
            markersOutsideRun[i] = outside[i][1];
        }
        openConnections = registry.counter(INGEST_CONNECTIONS_OPEN);
        pendingConnections = registry.counter(INGEST_CONNECTIONS_PENDING);
        acceptRefused = registry.counter(INGEST_ACCEPT_REFUSED);
        windowHolds = registry.counter(INGEST_WINDOW_HOLDS);
        logLinesSuppressed = registry.counter(INGEST_LOG_LINES_SUPPRESSED);
        ringFull = registry.counter(INGEST_RING_FULL);
        errorLog = registry.errorLog();
    }

    /** The registry these counters come from. */
    public CounterRegistry registry() {
        return registry;
    }

    /** Dense index of {@code sourceId}, or the unattributed index for an unknown id. */
    public int indexOf(int sourceId) {
        return registry.indexOf(sourceId);
    }

    /** Number of configured sources; index {@code sourceCount()} is the unattributed bucket. */
    public int sourceCount() {
        return registry.sourceCount();
    }

    /** Source id at dense index {@code i}; 0 for the unattributed bucket. */
    public int sourceId(int i) {
        return registry.sourceId(i);
    }

    /** Errors of one reason for one source id (0 = unattributed). */
    public long errors(int sourceId, ProtocolError reason) {
        return errors[indexOf(sourceId)][reason.ordinal()].get();
    }

    /** Connections of one source id (0 = unattributed) closed for {@code reason}. */
    public long closures(int sourceId, ConnectionClosure reason) {
        return closures[indexOf(sourceId)][reason.ordinal()].get();
    }

    /** All protocol errors, all sources and reasons. */
    public long totalErrors() {
        long t = 0;
        for (Counter[] perSource : errors) {
            for (Counter c : perSource) {
                t += c.get();
            }
        }
        return t;
    }
}

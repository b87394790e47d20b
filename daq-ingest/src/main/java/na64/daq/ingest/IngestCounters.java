package na64.daq.ingest;

import java.util.List;

import na64.daq.pipeline.Counter;
import na64.daq.pipeline.SourceIndex;
import na64.daq.config.RunConfig;
import na64.daq.protocol.ProtocolError;

/**
 * Per-source ingest counters, written by the ingest event loop only and read by monitoring.
 * Index {@code i < sourceCount()} is the i-th configured source; the last index collects what
 * cannot be attributed to a configured source (frames before a valid HELLO, unknown ids).
 */
public final class IngestCounters {
    private final int[] sourceIds;
    private final SourceIndex index;
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
    /** Errors as [source index][ProtocolError ordinal]. */
    public final Counter[][] errors;
    /** Connections ingest closed, as [source index][ConnectionClosure ordinal]. */
    public final Counter[][] closures;
    /** TCP connections open now (with or without HELLO). */
    public final Counter openConnections = new Counter();
    /** Connections open now that have not yet sent a valid HELLO. */
    public final Counter pendingConnections = new Counter();
    /** Connections closed at accept because the descriptor bound was reached (accepting thread only). */
    public final Counter acceptRefused = new Counter();
    /** Fragments held back because their source ran too far ahead of the slowest live source (retries included). */
    public final Counter windowHolds = new Counter();
    /** Per source index: times the window let go of the source for holding the others longer than the build timeout. */
    public final Counter[] windowLagReleases;
    /** Log lines ingest left out because the same kind of line came too often ({@link RateLimitedLog}). */
    public final Counter logLinesSuppressed = new Counter();

    public IngestCounters(RunConfig config) {
        List<RunConfig.SourceConfig> sources = config.sources();
        int n = sources.size() + 1;
        sourceIds = new int[n];
        index = new SourceIndex(sources);
        for (int i = 0; i < sources.size(); i++) {
            sourceIds[i] = sources.get(i).id();
        }
        frames = counters(n);
        bytes = counters(n);
        heartbeats = counters(n);
        connections = counters(n);
        connected = counters(n);
        lastFrameNanos = counters(n);
        backpressureNanos = counters(n);
        arenaFull = counters(n);
        fragmentFrames = counters(n);
        fragmentFramesRefused = counters(n);
        errors = new Counter[n][];
        for (int i = 0; i < n; i++) {
            errors[i] = counters(ProtocolError.values().length);
        }
        windowLagReleases = counters(n);
        closures = new Counter[n][];
        for (int i = 0; i < n; i++) {
            closures[i] = counters(ConnectionClosure.values().length);
        }
    }

    private static Counter[] counters(int n) {
        Counter[] c = new Counter[n];
        for (int i = 0; i < n; i++) {
            c[i] = new Counter();
        }
        return c;
    }

    /** Dense index of {@code sourceId}, or the unattributed index for an unknown id. */
    public int indexOf(int sourceId) {
        int i = index.of(sourceId);
        return i != SourceIndex.NONE ? i : sourceIds.length - 1;
    }

    /** Number of configured sources; index {@code sourceCount()} is the unattributed bucket. */
    public int sourceCount() {
        return sourceIds.length - 1;
    }

    /** Source id at dense index {@code i}; 0 for the unattributed bucket. */
    public int sourceId(int i) {
        return sourceIds[i];
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

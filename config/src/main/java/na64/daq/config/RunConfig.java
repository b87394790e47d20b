package na64.daq.config;

import java.util.List;

/**
 * The run configuration: the whole contract between a run and the service. Read from YAML by
 * {@link ConfigLoader}; the embedded default is the reference setup of spec appendix A with the
 * selection of spec §8. Immutable once loaded and validated.
 *
 * <p>Its {@link #hash} covers what decides which events a run records and how: sources, channel
 * map, reconstruction, selection, the builder's timeouts and bounds, the connection rules. The
 * {@linkplain #DEPLOYMENT_KEYS deployment keys} (where the service listens, who may connect, where
 * and how durably it stores, how big its ring is, where its metrics are served) are read from the
 * same file but left out of the hash, so moving a service to another host, port or disk keeps its
 * configuration hash.
 *
 * @param beam           beam particle and nominal energy E0
 * @param sources        the front-end sources this run expects (spec §1, §3)
 * @param channelMap     (source, channel range) to detector and calibration (spec §7)
 * @param reconstruction pedestal samples and threshold (spec §7)
 * @param streams        selection cuts and prescales (spec §8)
 * @param builder        event-builder timeouts and bounds
 * @param ingest         TCP ingest settings
 * @param store          store location and options
 * @param monitoring     HTTP metrics and control endpoint
 * @param hash           content hash of the configuration without its deployment keys (filled by the loader,
 *                       recorded with every spill)
 */
public record RunConfig(
        Beam beam,
        List<SourceConfig> sources,
        List<ChannelRange> channelMap,
        Reconstruction reconstruction,
        Streams streams,
        Builder builder,
        Ingest ingest,
        Store store,
        Monitoring monitoring,
        String hash) {

    /**
     * The YAML keys (section.key, or a whole section) that say where and how the service is deployed,
     * not what it records: they are not part of {@link #hash}. {@code daq serve}'s options override
     * the first ones on the command line.
     */
    public static final List<String> DEPLOYMENT_KEYS = List.of("ingest.bindAddress", "ingest.port", "ingest.allowedPeers",
            "builder.ringSize", "store.path", "store.syncAtSpillEnd", "monitoring");

    /** Beam particle (e.g. {@code e-}) and nominal energy E0 in MeV. */
    public record Beam(String particle, double energyMeV) {
    }

    /** Kind of front-end board; matches HELLO's board kind. */
    public enum SourceKind {
        /** The trigger unit: authority on trigger type and time, sends the scalers. HELLO board kind 2. */
        TRIGGER,
        /** A sampling-ADC digitizer. HELLO board kind 1. */
        MSADC
    }

    /** One expected front-end source. {@code channels} is 0 for the trigger unit. */
    public record SourceConfig(int id, String name, SourceKind kind, int channels) {
        /** The board kind this source's HELLO must announce (spec §3): 2 for the trigger unit, 1 for a digitizer. */
        public int boardKind() {
            return kind == SourceKind.TRIGGER ? 2 : 1;
        }
    }

    /** Detector group a channel contributes to (spec §7). BEAM counters are mapped but unused by the trigger. */
    public enum Detector {
        ECAL_PS, ECAL_MAIN, HCAL, VETO, SRD, BEAM
    }

    /**
     * Channels {@code first .. first+count-1} of {@code source} belong to {@code detector}, with a
     * calibration in MeV per ADC count: either one {@code calibration} for all, or one entry per
     * channel in {@code calibrations} (non-empty list wins).
     */
    public record ChannelRange(int source, int first, int count, Detector detector, double calibration,
                               List<Double> calibrations) {
        /** Calibration constant of {@code channel}, which must lie in this range. */
        public double calibrationOf(int channel) {
            return calibrations != null && !calibrations.isEmpty() ? calibrations.get(channel - first) : calibration;
        }

        public boolean contains(int sourceId, int channel) {
            return sourceId == source && channel >= first && channel < first + count;
        }
    }

    /** Spec §7: pedestal = mean of the first {@code pedestalSamples}; below {@code thresholdCounts} ADC counts a channel gives 0. */
    public record Reconstruction(int pedestalSamples, int thresholdCounts) {
    }

    /** The three default streams of spec §8. */
    public record Streams(Invisible invisible, RandomStream random, Calibration calibration) {
    }

    /** A closed interval [min, max] in MeV. */
    public record Window(double min, double max) {
    }

    /** A lower bound in MeV. */
    public record Min(double min) {
    }

    /** An upper bound in MeV (exclusive: the cut is value &lt; max). */
    public record Max(double max) {
    }

    /** Upper bound as a fraction of E0 (exclusive). */
    public record Fraction(double fraction) {
    }

    /**
     * The missing-energy stream. {@code prescale} N keeps events whose event number is a multiple
     * of N (1 keeps all), so prescaling stays reproducible.
     */
    public record Invisible(boolean enabled, int prescale, Window srd, Min ps, Fraction ecal, Max hcal, Max veto) {
    }

    /** Every complete RANDOM trigger, prescaled like {@link Invisible}. */
    public record RandomStream(boolean enabled, int prescale) {
    }

    /** Every complete PHYSICS trigger whose event number is a multiple of {@code everyNth}. */
    public record Calibration(boolean enabled, int everyNth) {
    }

    /**
     * Event-builder bounds.
     *
     * @param buildTimeoutMs    an event missing a fragment this long after its first fragment is released incomplete
     * @param spillTimeoutMs    a spill with no frame for this long is closed, naming the sources that never ended it
     * @param maxInFlightEvents bound on events being assembled; power of two
     * @param ringSize          Disruptor ring entries between ingest and builder; power of two (deployment, not hashed)
     */
    public record Builder(long buildTimeoutMs, long spillTimeoutMs, int maxInFlightEvents, int ringSize) {
    }

    /**
     * TCP ingest.
     *
     * @param bindAddress   address to listen on (loopback by default) (deployment, not hashed)
     * @param port          ingest port; 0 picks an ephemeral port (deployment, not hashed)
     * @param allowedPeers  peer addresses allowed to connect; empty allows any (deployment, not hashed)
     * @param silenceTimeoutMs a connected source with no frame for this long is reported silent, and a new
     *                         HELLO for it takes over (closes) its silent connection
     * @param helloTimeoutMs   a connection without a valid HELLO this long after it opened is closed
     * @param idleTimeoutMs    a source's connection with no byte received for this long is closed (at least the
     *                         silence timeout; a front-end sends a HEARTBEAT every second while idle)
     * @param maxPendingConnections connections still waiting for their HELLO at once; one more closes the oldest
     */
    public record Ingest(String bindAddress, int port, List<String> allowedPeers, long silenceTimeoutMs,
                         long helloTimeoutMs, long idleTimeoutMs, int maxPendingConnections) {
    }

    /**
     * Store.
     *
     * @param path             directory of the Chronicle Queue (deployment, not hashed)
     * @param storeIncomplete  also store incomplete events, with their missing sources
     * @param syncAtSpillEnd   force the store's files to disk when a spill closes (deployment, not hashed)
     */
    public record Store(String path, boolean storeIncomplete, boolean syncAtSpillEnd) {
    }

    /**
     * HTTP endpoint for metrics, status and run control (deployment, not hashed).
     *
     * @param bindAddress loopback by default; any other address needs {@code token}
     * @param port        0 picks an ephemeral port, -1 disables the endpoint
     * @param token       bearer token required for control (and for any non-loopback bind)
     */
    public record Monitoring(String bindAddress, int port, String token) {
    }

    /**
     * This configuration with the monitoring endpoint on another port (0 = ephemeral, -1 = off),
     * for embedded services (replay, demo, bench, tests) that must not take the production port.
     * The content hash is the same: the monitoring section is a deployment key.
     */
    public RunConfig withMonitoringPort(int port) {
        return new RunConfig(beam, sources, channelMap, reconstruction, streams, builder, ingest, store,
                new Monitoring(monitoring.bindAddress(), port, monitoring.token()), hash);
    }

    /**
     * This configuration with another channel map, reconstruction and streams (tests and tools that
     * try a change); the hash is not recomputed, use {@code ConfigLoader} for a configuration to record.
     */
    public RunConfig withPhysics(List<ChannelRange> newChannelMap, Reconstruction newReconstruction, Streams newStreams) {
        return new RunConfig(beam, sources, newChannelMap, newReconstruction, newStreams, builder, ingest, store,
                monitoring, hash);
    }

    /** The source with {@code id}, or {@code null}. */
    public SourceConfig source(int id) {
        for (SourceConfig s : sources) {
            if (s.id() == id) {
                return s;
            }
        }
        return null;
    }

    /** The trigger unit's source id (exactly one is configured). */
    public int triggerSourceId() {
        for (SourceConfig s : sources) {
            if (s.kind() == SourceKind.TRIGGER) {
                return s.id();
            }
        }
        throw new IllegalStateException("no trigger unit configured");
    }
}

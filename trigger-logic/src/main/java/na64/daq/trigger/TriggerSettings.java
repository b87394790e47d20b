package na64.daq.trigger;

import na64.daq.pipeline.CounterRegistry;

import java.util.Objects;

import na64.daq.config.RunConfig;

/**
 * One configuration's trigger, compiled: its reconstruction (spec §7) and selection (spec §8), and
 * the configuration with its hash. A configuration reload builds a new instance off the hot threads
 * and hands it over whole; ingest reconstructs a spill with one instance and the builder selects that
 * spill's events with the same one, so a spill never mixes two configurations. The selector is
 * immutable; the reconstructor's counters are written by the one ingest thread that uses it.
 */
public final class TriggerSettings {
    private final RunConfig config;
    private final Reconstructor reconstructor;
    private final Selector selector;

    /** Compiles {@code config}'s channel map, reconstruction and streams; fails like their constructors. */
    public TriggerSettings(RunConfig config) {
        this(config, new Reconstructor(config));
    }

    /** As above, the reconstruction counting unmapped channels into the service's {@code counters}. */
    public TriggerSettings(RunConfig config, CounterRegistry counters) {
        this(Objects.requireNonNull(config, "config"), new Reconstructor(config, counters));
    }

    /** A reloaded {@code config}, counting into the same counters as {@code previous}. */
    public TriggerSettings(RunConfig config, TriggerSettings previous) {
        this(Objects.requireNonNull(config, "config"), new Reconstructor(config, previous.reconstructor));
    }

    private TriggerSettings(RunConfig config, Reconstructor reconstructor) {
        this.config = config;
        this.reconstructor = reconstructor;
        this.selector = new Selector(config);
    }

    public RunConfig config() {
        return config;
    }

    /** The configuration's content hash, as the spill summaries record it. */
    public String hash() {
        return config.hash();
    }

    /** The reconstruction; ingest thread only (its unmapped-channel counters have one writer). */
    public Reconstructor reconstructor() {
        return reconstructor;
    }

    /** The selection; immutable, any thread. */
    public Selector selector() {
        return selector;
    }

    @Override
    public String toString() {
        return "TriggerSettings{" + config.hash() + '}';
    }
}

package na64.daq.app.run;

import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.monitoring.RunControl.Requester;
import na64.daq.store.EventStore;
import na64.daq.store.StoreHistory;
import na64.daq.store.StoredConfig;
import na64.daq.store.StoredRun;

/**
 * Writes run control's records into the store: a configuration record the first time a
 * configuration is met (the store's own ones are known from the start-up scan), begin- and
 * end-of-run records. Called on the writer thread only: the builder thread through its mailbox, or
 * the constructing and closing threads while no builder runs. A record the store cannot take is
 * logged in full, never dropped silently; it does not hold the builder.
 */
final class RunRecords {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecords.class);

    private final EventStore store;
    private final LongSupplier wallClockNs;
    private final Set<String> stored;
    /** The begin record of the run being taken, or null; read by the closing thread after the builder has stopped. */
    private volatile StoredRun open;

    RunRecords(EventStore store, StoreHistory history, LongSupplier wallClockNs) {
        this.store = store;
        this.wallClockNs = wallClockNs;
        this.stored = new HashSet<>(history.configHashes());
    }

    /** The store holds {@code config} once: records it unless its hash is already there. */
    void config(RunConfig config) {
        if (!stored.contains(config.hash()) && append(new StoredConfig(config.hash(), wallClockNs.getAsLong(),
                ConfigLoader.toYaml(withoutToken(config))))) {
            stored.add(config.hash());
        }
    }

    /** A run begins with {@code config} in force ({@code run} = {@link StoredRun#NO_RUN} when none was given). */
    void begin(long run, Requester by, RunConfig config) {
        config(config);
        StoredRun begin = new StoredRun(StoredRun.Phase.BEGIN, run, wallClockNs.getAsLong(), by.kind(), by.detail(),
                config.hash(), 0, 0);
        append(begin);
        open = begin;
    }

    /** The run being taken ends; {@code hash} is the newest configuration applied in it. No-op when none is open. */
    void end(Requester by, String hash, long spills, long otherRunBegins) {
        StoredRun b = open;
        if (b == null) {
            return;
        }
        append(new StoredRun(StoredRun.Phase.END, b.run(), wallClockNs.getAsLong(), by.kind(), by.detail(),
                hash != null ? hash : b.configHash(), spills, otherRunBegins));
        open = null;
    }

    /** Whether a run is being taken (its begin record written, its end not yet). */
    boolean runOpen() {
        return open != null;
    }

    /** At start-up: ends a run the previous service left open when it died. */
    void endCrashedRun(StoredRun crashed) {
        open = crashed;
        end(new Requester("crash_recovery", "the previous service stopped without ending run "
                + (crashed.run() == StoredRun.NO_RUN ? "(no number given)" : crashed.run())), crashed.configHash(), 0, 0);
    }

    private boolean append(Object record) {
        String failure = store.guard().failure();
        if (failure == null) {
            try {
                if (record instanceof StoredRun r) {
                    store.appendRun(r);
                } else {
                    store.appendConfig((StoredConfig) record);
                }
                return true;
            } catch (RuntimeException | InternalError e) {
                failure = e.toString();
                store.guard().fail("appending a run-control record failed: " + e);
            }
        }
        LOG.error("run-control record NOT stored (store failed: {}): {}", failure, record);
        return false;
    }

    /** The bearer token is a secret, not part of what the data were taken with: it is not recorded. */
    private static RunConfig withoutToken(RunConfig c) {
        RunConfig.Monitoring m = c.monitoring();
        return new RunConfig(c.beam(), c.sources(), c.channelMap(), c.reconstruction(), c.streams(), c.builder(),
                c.ingest(), c.store(), new RunConfig.Monitoring(m.bindAddress(), m.port(), null), c.hash());
    }
}

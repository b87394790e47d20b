package na64.daq.builder;

import na64.daq.pipeline.IngestEntry;
import na64.daq.trigger.TriggerSettings;

/**
 * The builder's side of a configuration reload. Ingest chooses the trigger settings of each spill
 * and hands them over in the spill's fragments ({@link IngestEntry#spillSettings}); the builder
 * takes them when a spill gets its first fragment. The newest settings seen also give the builder's
 * own timeouts (a reload may change {@code buildTimeoutMs} and {@code spillTimeoutMs}) and name the
 * configuration of a spill that saw no fragment. Builder thread only, except {@link #hash()}.
 */
final class SettingsInUse {
    private TriggerSettings newest;
    long buildTimeoutNanos;
    long spillTimeoutNanos;
    /** Hash of the newest settings, for monitoring (written a few times per run at most). */
    private volatile String hash;

    SettingsInUse(TriggerSettings initial) {
        adopt(initial);
    }

    /** The settings of a spill whose first fragment is {@code e}: the fragment's, else the newest. */
    TriggerSettings of(IngestEntry e) {
        if (e.spillSettings instanceof TriggerSettings s) {
            if (s != newest) {
                adopt(s);
            }
            return s;
        }
        return newest;
    }

    TriggerSettings newest() {
        return newest;
    }

    /** Hash of the configuration the builder met last, from any thread. */
    String hash() {
        return hash;
    }

    private void adopt(TriggerSettings s) {
        newest = s;
        buildTimeoutNanos = s.config().builder().buildTimeoutMs() * 1_000_000L;
        spillTimeoutNanos = s.config().builder().spillTimeoutMs() * 1_000_000L;
        hash = s.hash();
    }
}

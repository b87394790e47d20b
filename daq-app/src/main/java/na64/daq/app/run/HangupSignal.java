package na64.daq.app.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP as "reload the configuration file", through {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}); without it the JVM would simply die on SIGHUP. The action runs on a
 * thread of its own ({@code daq-sighup}), so the signal dispatcher is free at once. Where the
 * signal or the API does not exist (another platform or JVM), nothing is installed and the caller
 * is told so: {@code POST /config} still works.
 */
public final class HangupSignal {
    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    private HangupSignal() {
    }

    /** Runs {@code action} on each SIGHUP; false when SIGHUP cannot be handled here. */
    public static boolean onHangup(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> new Thread(action, "daq-sighup").start());
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            LOG.warn("SIGHUP cannot be handled on this platform ({}); reload with POST /config", e.toString());
            return false;
        }
    }
}

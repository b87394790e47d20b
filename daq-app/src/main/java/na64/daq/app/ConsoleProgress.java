package na64.daq.app;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long console work. On a terminal: a {@code me.tongfei:progressbar} bar with rate and
 * ETA (on stderr, redrawn in place). Not on a terminal (a log file, a pipe, a test): one plain line
 * every {@link #PLAIN_INTERVAL_NANOS}, {@code task: done/total (p %), rate/s, ETA s}, so logs stay
 * readable. {@link #stepTo} may be called from several threads and as often as wanted.
 */
public final class ConsoleProgress implements AutoCloseable {
    /** Interval of the plain lines when stdout is not a terminal. */
    static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;

    private final String task;
    private final String unit;
    private final long total;
    private final PrintStream plain;
    private final ProgressBar bar;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos = startNanos;
    private long done;

    private ConsoleProgress(String task, String unit, long total, PrintStream plain, boolean terminal) {
        this.task = task;
        this.unit = unit;
        this.total = Math.max(1, total);
        this.plain = plain;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName(task).setInitialMax(this.total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" " + unit, 1).showSpeed().setUpdateIntervalMillis(200)
                .setMaxRenderedLength(100).continuousUpdate().build() : null;
    }

    /** A bar on a terminal, plain lines on {@code plain} otherwise. */
    public static ConsoleProgress start(String task, String unit, long total, PrintStream plain) {
        return new ConsoleProgress(task, unit, total, plain, System.console() != null);
    }

    /** Plain lines only, whatever the console (tests). */
    static ConsoleProgress plain(String task, String unit, long total, PrintStream out) {
        return new ConsoleProgress(task, unit, total, out, false);
    }

    /**
     * A listener for the front-end emulator that moves this bar by triggers sent: the trigger unit
     * (source 1) sends one frame per trigger.
     */
    public na64.daq.emulator.ProgressListener triggersOf(long eventsPerSpill) {
        return p -> {
            if (p.sourceId() == 1 && p.spillTotal() > 0) {
                stepTo((p.spill() - 1L) * eventsPerSpill + eventsPerSpill * p.spillFrames() / p.spillTotal());
            }
        };
    }

    /** Work done so far (monotonic; a smaller value is ignored). */
    public synchronized void stepTo(long n) {
        if (n <= done) {
            return;
        }
        done = n;
        if (bar != null) {
            bar.stepTo(Math.min(n, total));
            return;
        }
        long now = System.nanoTime();
        if (now - lastPrintNanos >= PLAIN_INTERVAL_NANOS) {
            lastPrintNanos = now;
            plain.println(line(now));
        }
    }

    /** The plain line for the state at {@code nowNanos}. */
    synchronized String line(long nowNanos) {
        double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
        double rate = done / seconds;
        String eta = rate > 0 ? formatDuration(Duration.ofSeconds((long) ((total - Math.min(done, total)) / rate))) : "?";
        return String.format(Locale.ROOT, "  %s: %d/%d %s (%.0f %%), %.0f %s/s, ETA %s", task, done, total, unit,
                100.0 * Math.min(done, total) / total, rate, unit, eta);
    }

    private static String formatDuration(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Ends the bar (a terminal's line is completed); plain mode prints nothing more. */
    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}

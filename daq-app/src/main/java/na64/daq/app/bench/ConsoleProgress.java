package na64.daq.app.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * A one-line progress display with ETA for a terminal: redrawn twice a second on standard error,
 * erased when closed. When the console is not a terminal it shows nothing (commands are quiet by
 * default; their last line is what scripts read).
 */
final class ConsoleProgress implements AutoCloseable {
    private static final long PERIOD_MS = 500;
    private final Thread thread;
    private final PrintStream err = System.err;
    private volatile boolean open = true;

    private ConsoleProgress(String label, DoubleSupplier fraction) {
        long t0 = System.nanoTime();
        thread = new Thread(() -> {
            while (open) {
                draw(label, fraction.getAsDouble(), (System.nanoTime() - t0) / 1e9);
                try {
                    Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "progress");
        thread.setDaemon(true);
    }

    /** Shows {@code label} with {@code fraction} (0..1) done, on a terminal only. */
    static ConsoleProgress start(String label, DoubleSupplier fraction) {
        ConsoleProgress p = new ConsoleProgress(label, fraction);
        if (System.console() != null) {
            p.thread.start();
        }
        return p;
    }

    /** The drawing thread's id (its allocation is the harness's, not the service's). */
    long threadId() {
        return thread.getId();
    }

    private void draw(String label, double f, double elapsed) {
        double done = Math.max(0, Math.min(1, f));
        int width = 30;
        int filled = (int) Math.round(done * width);
        String eta = done > 0.01 ? String.format(Locale.ROOT, "ETA %3.0f s", elapsed * (1 - done) / done) : "ETA   ? s";
        err.print(String.format(Locale.ROOT, "\r%-28s [%s%s] %3.0f %% %s", label, "#".repeat(filled),
                " ".repeat(width - filled), done * 100, eta));
        err.flush();
    }

    @Override
    public void close() {
        if (!thread.isAlive()) {
            return;
        }
        open = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.print("\r" + " ".repeat(79) + "\r");
        err.flush();
    }
}

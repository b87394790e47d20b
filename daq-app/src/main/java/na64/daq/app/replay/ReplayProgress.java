package na64.daq.app.replay;

import java.io.PrintStream;
import java.util.concurrent.atomic.LongAdder;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The replay's progress on stderr, in MiB sent of the file's total, with rate and ETA. On a
 * terminal it is a bar redrawn in place 5 times a second (the {@code progressbar} library);
 * otherwise (a log, a pipe, CI) a plain line every 10 s, so a long replay in a log shows it is
 * alive and a short one prints nothing. A daemon thread samples the counter the senders add to;
 * the senders never wait for it.
 */
public final class ReplayProgress implements AutoCloseable {
    private static final long MIB = 1 << 20;

    private final LongAdder sent;
    private final ProgressBar bar;
    private final Thread sampler;
    private volatile boolean done;

    private ReplayProgress(LongAdder sent, ProgressBar bar, Runnable sample, int intervalMs) {
        this.sent = sent;
        this.bar = bar;
        this.sampler = new Thread(() -> {
            while (!done) {
                try {
                    Thread.sleep(intervalMs);
                } catch (InterruptedException e) {
                    return;
                }
                sample.run();
            }
        }, "replay-progress");
        sampler.setDaemon(true);
    }

    /** Starts showing progress towards {@code totalBytes} on {@code err}. */
    public static ReplayProgress start(String task, long totalBytes, boolean terminal, PrintStream err) {
        LongAdder sent = new LongAdder();
        ReplayProgress p;
        if (terminal) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalBytes)
                    .setUnit(" MiB", MIB).showSpeed().setUpdateIntervalMillis(200)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setConsumer(new ConsoleProgressBarConsumer(err))
                    .build();
            p = new ReplayProgress(sent, bar, () -> bar.stepTo(sent.sum()), 200);
        } else {
            long start = System.nanoTime();
            p = new ReplayProgress(sent, null,
                    () -> err.println(line(task, sent.sum(), totalBytes, System.nanoTime() - start)), 10_000);
        }
        p.sampler.start();
        return p;
    }

    /** {@code replay F: 45% 150/330 MiB, 75.0 MiB/s, ETA 2 s}. */
    static String line(String task, long sentBytes, long totalBytes, long elapsedNs) {
        double rate = elapsedNs > 0 ? sentBytes / (double) MIB / (elapsedNs / 1e9) : 0;
        long percent = totalBytes > 0 ? sentBytes * 100 / totalBytes : 100;
        String eta = rate > 0 ? Math.round((totalBytes - sentBytes) / (double) MIB / rate) + " s" : "?";
        return String.format(java.util.Locale.ROOT, "%s: %d%% %d/%d MiB, %.1f MiB/s, ETA %s", task, percent,
                sentBytes / MIB, totalBytes / MIB, rate, eta);
    }

    /** Whether stdout and stdin are a terminal (the JDK's only portable test). */
    public static boolean onTerminal() {
        return System.console() != null;
    }

    /** The counter the senders add their bytes to. */
    public LongAdder counter() {
        return sent;
    }

    /** Shows the final count and stops. */
    @Override
    public void close() {
        done = true;
        sampler.interrupt();
        if (bar != null) {
            bar.stepTo(sent.sum());
            bar.close();
        }
    }
}

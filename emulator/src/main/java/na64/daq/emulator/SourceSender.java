package na64.daq.emulator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * One emulated front-end: a blocking socket to the service over which it streams its frames of
 * every spill, paced or as fast as possible, with a HEARTBEAT whenever it has been idle for the
 * heartbeat interval. An injected reconnect closes the connection cleanly (waiting for the
 * service to close its side, so it has let the old connection go) and opens a new one whose first
 * frame is the generated HELLO. A failed write is retried on a fresh connection (HELLO, then the
 * frame that failed), as spec §1 lets a front-end continue where it stopped.
 */
final class SourceSender implements Callable<SourceStats> {
    private static final Logger LOG = LoggerFactory.getLogger(SourceSender.class);
    private static final int CHUNK_BYTES = 1 << 20;
    private static final long PROGRESS_EVERY_NANOS = 200_000_000L;
    private static final int MAX_RETRIES = 3;
    private static final long RETRY_BACKOFF_MS = 200;

    /** The emulator's settings for every sender of a run. */
    record Options(InetSocketAddress address, boolean realtime, long heartbeatNanos, int connectTimeoutMs,
                   long closeWaitMs, ProgressListener progress) {
    }

    private final int sourceId;
    private final byte[] hello;
    private final byte[] heartbeat;
    private final SpillFeed feed;
    private final int spills;
    private final Options options;

    private Socket socket;
    private OutputStream raw;
    private BufferedOutputStream out;
    private boolean unflushed;
    private long lastSendNanos;
    private long runStartNanos;
    private long lastProgressNanos;
    private long frames;
    private long bytes;
    private long heartbeats;
    private long connections;
    private int failures;

    SourceSender(int sourceId, byte[] hello, byte[] heartbeat, SpillFeed feed, int spills, Options options) {
        this.sourceId = sourceId;
        this.hello = hello;
        this.heartbeat = heartbeat;
        this.feed = feed;
        this.spills = spills;
        this.options = options;
    }

    /** Connects and sends HELLO; called before the run's clock starts. */
    void open() throws IOException {
        connect();
        write(hello, 0, hello.length, false);
        flush();
    }

    void startClock(long runStartNanos) {
        this.runStartNanos = runStartNanos;
        this.lastProgressNanos = runStartNanos;
    }

    @Override
    public SourceStats call() {
        int spill = 1;
        try {
            for (; spill <= spills; spill++) {
                SpillData data = awaitSpill(spill);
                sendSpill(spill, data.source(sourceId), runStartNanos + data.startOffsetNs());
                flush();
                feed.done(spill);
            }
            closeGracefully();
            return stats(null);
        } catch (IOException | RuntimeException e) {
            LOG.warn("source {}: stopped in spill {}: {}", sourceId, spill, e.toString());
            return stats(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return stats("interrupted");
        } finally {
            // Let the generator go on for the other senders.
            for (; spill <= spills; spill++) {
                feed.done(spill);
            }
            abort();
        }
    }

    private SourceStats stats(String error) {
        return new SourceStats(sourceId, frames, bytes, heartbeats, connections, error);
    }

    private SpillData awaitSpill(int spill) throws IOException, InterruptedException {
        while (true) {
            flush();
            long wait = Math.max(1_000_000L, lastSendNanos + options.heartbeatNanos() - System.nanoTime());
            SpillData data = feed.await(spill, wait);
            if (data != null) {
                return data;
            }
            if (System.nanoTime() - lastSendNanos >= options.heartbeatNanos()) {
                write(heartbeat, 0, heartbeat.length, true);
            }
        }
    }

    private void sendSpill(int spill, SourceFrames f, long base) throws IOException, InterruptedException {
        int n = f.frameCount();
        int i = 0;
        while (i < n) {
            try {
                i = options.realtime() ? sendDue(f, i, base) : sendRun(f, i);
                failures = 0;
            } catch (InterruptedIOException e) {
                throw new InterruptedException("interrupted while sending");
            } catch (IOException e) {
                if (++failures > MAX_RETRIES) {
                    throw e;
                }
                LOG.warn("source {}: {}; reconnecting (attempt {} of {})", sourceId, e.toString(), failures, MAX_RETRIES);
                recover();
            }
            long now = System.nanoTime();
            if (i < n && now - lastProgressNanos >= PROGRESS_EVERY_NANOS) {
                lastProgressNanos = now;
                options.progress().onProgress(new Progress(sourceId, spill, spills, i, n, false, frames, bytes));
            }
        }
        flush();
        options.progress().onProgress(new Progress(sourceId, spill, spills, n, n, true, frames, bytes));
    }

    /** Real time: waits for frame {@code i}'s time, then sends it and every later frame already due. */
    private int sendDue(SourceFrames f, int i, long base) throws IOException {
        waitUntil(base + f.sendTimeNs(i));
        long now = System.nanoTime();
        int n = f.frameCount();
        int j = i;
        do {
            if (f.reconnectBefore(j)) {
                reconnect();
            }
            write(f.data(), f.frameOffset(j), f.frameLength(j), (f.flags(j) & SourceFrames.FLAG_HEARTBEAT) != 0);
            j++;
        } while (j < n && base + f.sendTimeNs(j) <= now);
        return j;
    }

    /** Full speed: sends a run of frames (up to ~1 MiB, stopping before a reconnect) in one write. */
    private int sendRun(SourceFrames f, int i) throws IOException {
        if (f.reconnectBefore(i)) {
            reconnect();
        }
        int n = f.frameCount();
        int j = i;
        long beats = 0;
        do {
            if ((f.flags(j) & SourceFrames.FLAG_HEARTBEAT) != 0) {
                beats++;
            }
            j++;
        } while (j < n && !f.reconnectBefore(j) && f.frameOffset(j) - f.frameOffset(i) < CHUNK_BYTES);
        int end = j < n ? f.frameOffset(j) : f.byteLength();
        flush();
        raw.write(f.data(), f.frameOffset(i), end - f.frameOffset(i));
        frames += j - i;
        bytes += end - f.frameOffset(i);
        heartbeats += beats;
        lastSendNanos = System.nanoTime();
        return j;
    }

    private void waitUntil(long due) throws IOException {
        while (true) {
            long now = System.nanoTime();
            if (now >= due) {
                return;
            }
            flush();
            long beatAt = lastSendNanos + options.heartbeatNanos();
            if (now >= beatAt) {
                write(heartbeat, 0, heartbeat.length, true);
                continue;
            }
            LockSupport.parkNanos(Math.min(due, beatAt) - now);
            if (Thread.interrupted()) {
                throw new InterruptedIOException("interrupted while pacing");
            }
        }
    }

    private void write(byte[] b, int off, int len, boolean isHeartbeat) throws IOException {
        out.write(b, off, len);
        unflushed = true;
        frames++;
        bytes += len;
        if (isHeartbeat) {
            heartbeats++;
        }
        lastSendNanos = System.nanoTime();
    }

    private void flush() throws IOException {
        if (unflushed) {
            out.flush();
            unflushed = false;
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(options.address(), options.connectTimeoutMs());
        socket = s;
        raw = s.getOutputStream();
        out = new BufferedOutputStream(raw, 1 << 16);
        unflushed = false;
        lastSendNanos = System.nanoTime();
        connections++;
    }

    /** The injected fault: leave cleanly, come back; the caller then sends the generated HELLO. */
    private void reconnect() throws IOException {
        closeGracefully();
        connect();
    }

    /** After a failed write: a fresh connection, our HELLO, and the caller resends the frame that failed. */
    private void recover() throws IOException, InterruptedException {
        abort();
        Thread.sleep(RETRY_BACKOFF_MS * failures);
        connect();
        write(hello, 0, hello.length, false);
        flush();
    }

    /** Flushes, then closes so the service has processed everything and released the source id ({@link GracefulClose}). */
    private void closeGracefully() throws IOException {
        flush();
        GracefulClose.close(socket, options.closeWaitMs(), sourceId);
    }

    /** Closes the connection without ceremony (failure paths, and after a graceful close). */
    void abort() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Nothing more to do with a socket we are abandoning.
            }
        }
    }
}

package na64.daq.app.replay;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.RawFileReader;

/**
 * Replays a {@link Recording} into a service (spec appendix B): one TCP connection per source id,
 * each source's frames streamed from the files in order on its own thread (each thread reads the
 * files with its own reader and skips the other sources' payloads, so memory does not depend on the
 * recording's size and no source waits for another's buffer), paced by the recorded receive times
 * divided by the speed factor (speed 2 plays twice as fast), or back to back when speed is
 * {@code <= 0} ("--max"). Several files play one after the other on the same connections, each
 * file's times following the one before. A HELLO after a source's first frame means that the
 * recorded front-end reconnected there, so the replayer closes and reopens that connection at the
 * same point; a HELLO at the start of a file that only repeats the source's last one (the raw
 * recorder begins every file with them, {@link LeadingHellos}) is not sent. When the service refuses
 * a source (ERROR, close), that source's thread stops and the reason is reported.
 */
public final class Replayer {
    /** What was sent: frames and bytes per source, and per-source failures. */
    public record Result(Map<Integer, long[]> sentPerSource, List<String> failures) {
        public long frames() {
            return sentPerSource.values().stream().mapToLong(v -> v[0]).sum();
        }
    }

    private Replayer() {
    }

    /** Sends everything and returns when every source thread has finished. */
    public static Result replay(Recording recording, InetSocketAddress to, double speed) throws InterruptedException {
        return replay(recording, to, speed, new LongAdder());
    }

    /** As {@link #replay(Recording, InetSocketAddress, double)}, adding the bytes sent to {@code progress} as they go. */
    public static Result replay(Recording recording, InetSocketAddress to, double speed, LongAdder progress)
            throws InterruptedException {
        Map<Integer, long[]> sent = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (Recording.SourceStream s : recording.sources().values()) {
            long[] counts = new long[2];
            sent.put(s.sourceId(), counts);
            Thread t = new Thread(() -> {
                try (SourceSender sender = new SourceSender(s.sourceId(), to, counts, progress)) {
                    sender.send(recording, speed, start);
                } catch (IOException e) {
                    failures.add("source " + s.sourceId() + ": " + e.getMessage());
                }
            }, "replay-source-" + s.sourceId());
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Result(sent, failures);
    }

    /** One source's connection and what it has sent. */
    private static final class SourceSender implements AutoCloseable {
        private final int sourceId;
        private final InetSocketAddress to;
        private final long[] counts;
        private final LongAdder progress;
        private Socket socket;
        private OutputStream out;
        private byte[] lastHello;

        SourceSender(int sourceId, InetSocketAddress to, long[] counts, LongAdder progress) {
            this.sourceId = sourceId;
            this.to = to;
            this.counts = counts;
            this.progress = progress;
        }

        void send(Recording recording, double speed, long start) throws IOException {
            LeadingHellos leading = new LeadingHellos();
            RawFileReader.Wanted mine = (source, type, length) -> {
                leading.next(source, type);
                return source == sourceId;
            };
            for (int k = 0; k < recording.files().size(); k++) {
                long fileStart = speed > 0 ? start + (long) (recording.startOf(k) / speed) : start;
                leading.startFile();
                try (RawFileReader r = RawFileReader.openToLastWholeRecord(recording.files().get(k))) {
                    while (r.next(mine)) {
                        byte[] frame = r.frame();
                        int length = r.frameLength();
                        if (r.type() == FrameHeader.TYPE_HELLO) {
                            if (leading.repeats(frame, length, lastHello)) {
                                continue; // the file's copy of the HELLO this connection already sent
                            }
                            if (socket != null) {
                                reconnect(); // the recorded front-end reconnected here
                            }
                            lastHello = Arrays.copyOf(frame, length);
                        }
                        if (socket == null) {
                            connect();
                        }
                        if (speed > 0) {
                            pace(fileStart + (long) (r.receiveTimeNs() / speed));
                        }
                        out.write(frame, 0, length);
                        counts[0]++;
                        counts[1] += length;
                        progress.add(length);
                    }
                }
            }
            if (out != null) {
                out.flush();
            }
        }

        private void pace(long due) throws IOException {
            long wait = due - System.nanoTime();
            if (wait > 200_000) {
                out.flush();
                LockSupport.parkNanos(wait);
            }
        }

        private void connect() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(to, 5000);
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        }

        private void reconnect() throws IOException {
            out.flush();
            socket.close();
            connect();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
        }
    }
}

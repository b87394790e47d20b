package na64.daq.app.replay;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.RawFileReader;

/**
 * Replays a {@link Recording} into a service (spec appendix B): one TCP connection per source id,
 * each source's frames streamed from the file in file order on its own thread (each thread reads
 * the file with its own reader and skips the other sources' payloads, so memory does not depend
 * on the file's size and no source waits for another's buffer), paced by the recorded receive times
 * divided by the speed factor (speed 2 plays twice as fast), or back to back when speed is
 * {@code <= 0} ("--max"). A HELLO after a source's first frame means that the recorded front-end
 * reconnected there, so the replayer closes and reopens that connection at the same point. When
 * the service refuses a source (ERROR, close), that source's thread stops and the reason is reported.
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
                try {
                    sendSource(recording.file(), s.sourceId(), to, speed, start, counts, progress);
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

    private static void sendSource(Path file, int sourceId, InetSocketAddress to, double speed, long start,
                                   long[] counts, LongAdder progress) throws IOException {
        Socket socket = connect(to);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        try (RawFileReader r = RawFileReader.open(file)) {
            RawFileReader.Wanted mine = (source, type, length) -> source == sourceId;
            for (long i = 0; r.next(mine); i++) {
                byte[] frame = r.frame();
                int length = r.frameLength();
                if (i > 0 && r.type() == FrameHeader.TYPE_HELLO) {
                    out.flush();
                    socket.close();
                    socket = connect(to);
                    out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                }
                if (speed > 0) {
                    long due = start + (long) (r.receiveTimeNs() / speed);
                    long wait = due - System.nanoTime();
                    if (wait > 200_000) {
                        out.flush();
                        LockSupport.parkNanos(wait);
                    }
                }
                out.write(frame, 0, length);
                counts[0]++;
                counts[1] += length;
                progress.add(length);
            }
            out.flush();
        } finally {
            socket.close();
        }
    }

    private static Socket connect(InetSocketAddress to) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(to, 5000);
        return socket;
    }
}

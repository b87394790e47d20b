package na64.daq.app.replay;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.LittleEndian;

/**
 * Replays a {@link Recording} into a service (spec appendix B): one TCP connection per source id,
 * each source's frames sent in file order on its own thread, paced by the recorded receive times
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
        Map<Integer, long[]> sent = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (Recording.SourceStream s : recording.sources().values()) {
            long[] counts = new long[2];
            sent.put(s.sourceId(), counts);
            Thread t = new Thread(() -> {
                try {
                    sendSource(s, to, speed, start, counts);
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

    private static void sendSource(Recording.SourceStream s, InetSocketAddress to, double speed, long start,
                                   long[] counts) throws IOException {
        Socket socket = connect(to);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        try {
            List<byte[]> frames = s.frames();
            for (int i = 0; i < frames.size(); i++) {
                byte[] frame = frames.get(i);
                if (i > 0 && LittleEndian.u8(frame, FrameHeader.TYPE_OFFSET) == FrameHeader.TYPE_HELLO) {
                    out.flush();
                    socket.close();
                    socket = connect(to);
                    out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                }
                if (speed > 0) {
                    long due = start + (long) (s.timesNs()[i] / speed);
                    long wait = due - System.nanoTime();
                    if (wait > 200_000) {
                        out.flush();
                        LockSupport.parkNanos(wait);
                    }
                }
                out.write(frame);
                counts[0]++;
                counts[1] += frame.length;
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

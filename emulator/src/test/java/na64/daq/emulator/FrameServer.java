package na64.daq.emulator;

import na64.daq.protocol.FrameHeader;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain loopback TCP server for the tests: reads frames from every connection, keeps each
 * source's frames (all connections, in order) and counts connections; closes a connection when
 * the peer half-closes, as the service does.
 */
final class FrameServer implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    final Map<Integer, ByteArrayOutputStream> bytes = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> frames = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> heartbeats = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    FrameServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.submit(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.incrementAndGet();
                pool.submit(() -> read(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Socket s) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream())) {
            byte[] header = new byte[FrameHeader.LENGTH];
            FrameHeader h = new FrameHeader();
            boolean first = true;
            while (true) {
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    return;
                }
                h.wrap(header, 0);
                byte[] payload = new byte[(int) h.payloadLength()];
                in.readFully(payload);
                int id = h.sourceId();
                if (first) {
                    connections.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    first = false;
                }
                frames.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                if (h.type() == FrameHeader.TYPE_HEARTBEAT) {
                    heartbeats.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                    continue;
                }
                ByteArrayOutputStream out = bytes.computeIfAbsent(id, k -> new ByteArrayOutputStream());
                synchronized (out) {
                    out.write(header);
                    out.write(payload);
                }
            }
        } catch (IOException e) {
            // The test looks at what arrived.
        } finally {
            open.decrementAndGet();
        }
    }

    /** Frames (heartbeats excluded) of {@code id}, concatenated. */
    byte[] bytesOf(int id) {
        ByteArrayOutputStream out = bytes.get(id);
        synchronized (out) {
            return out.toByteArray();
        }
    }

    int count(Map<Integer, AtomicInteger> m, int id) {
        AtomicInteger a = m.get(id);
        return a == null ? 0 : a.get();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}

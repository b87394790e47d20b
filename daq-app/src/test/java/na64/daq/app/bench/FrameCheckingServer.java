package na64.daq.app.bench;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.zip.CRC32C;

import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.SpillMarkerFlyweight;

/**
 * A loopback TCP server that decodes what each connection sends with the protocol's flyweights,
 * checking as it goes (so it holds no frames): magic, CRC-32C of every payload, HELLO first, spills
 * BOS ... EOS with increasing spill numbers, event numbers 1, 2, 3, ... and increasing trigger times
 * within a spill, END_OF_SPILL's trigger count. It records per source the spills (events each) and,
 * per (spill, event), the trigger time, so a test can compare sources.
 */
final class FrameCheckingServer implements AutoCloseable {
    /** What one source sent. */
    static final class Source {
        int id;
        long frames;
        long heartbeats;
        final List<Long> spills = new ArrayList<>();
        final List<Long> eventsPerSpill = new ArrayList<>();
        final List<Long> eotPerSpill = new ArrayList<>();
        /** Trigger time by (spill << 32 | event). */
        final Map<Long, Long> times = new ConcurrentHashMap<>();
    }

    private final ServerSocket server;
    private final List<Source> sources = new CopyOnWriteArrayList<>();
    private final List<Throwable> problems = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    private final CountDownLatch accepted;

    /** Listens on an ephemeral loopback port for {@code connections} connections. */
    FrameCheckingServer(int connections) throws IOException {
        accepted = new CountDownLatch(connections);
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> read(s), "check-reader");
                    readers.add(t);
                    t.start();
                    accepted.countDown();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "check-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Waits for every connection to end, then returns what each source sent; fails on the first problem seen. */
    List<Source> sources() throws InterruptedException {
        accepted.await();
        for (Thread t : readers) {
            t.join();
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.get(0));
        }
        return sources;
    }

    private void read(Socket socket) {
        Source src = new Source();
        sources.add(src);
        FrameHeader h = new FrameHeader();
        FragmentFlyweight frag = new FragmentFlyweight();
        SpillMarkerFlyweight marker = new SpillMarkerFlyweight();
        CRC32C crc = new CRC32C();
        byte[] head = new byte[FrameHeader.LENGTH];
        byte[] payload = new byte[FrameHeader.MAX_PAYLOAD];
        long spill = -1;
        long lastEvent = 0;
        long lastTime = -1;
        try (socket; DataInputStream in = new DataInputStream(socket.getInputStream())) {
            while (true) {
                try {
                    in.readFully(head);
                } catch (EOFException e) {
                    return;
                }
                h.wrap(head, 0);
                check(h.magic() == FrameHeader.MAGIC, "bad magic");
                int len = (int) h.payloadLength();
                in.readFully(payload, 0, len);
                crc.reset();
                crc.update(payload, 0, len);
                check((int) crc.getValue() == h.crc(), "CRC of frame " + src.frames + " of source " + h.sourceId());
                check(src.frames++ == 0 == (h.type() == FrameHeader.TYPE_HELLO), "HELLO first and only first");
                src.id = h.sourceId();
                switch (h.type()) {
                    case FrameHeader.TYPE_BEGIN_OF_SPILL -> {
                        marker.wrap(payload, 0, len);
                        check(spill < 0 && marker.spill() > lastSpill(src), "BOS with a new, higher spill number");
                        spill = marker.spill();
                        lastEvent = 0;
                        lastTime = -1;
                    }
                    case FrameHeader.TYPE_FRAGMENT -> {
                        frag.wrap(payload, 0, len);
                        check(frag.validate() == null, "fragment: " + frag.validate());
                        check(frag.spill() == spill && frag.event() == lastEvent + 1, "event " + (lastEvent + 1) + " of spill " + spill
                                + " expected, got " + frag.spill() + "/" + frag.event());
                        check(frag.triggerTime() > lastTime, "trigger time increases within a spill");
                        lastEvent = frag.event();
                        lastTime = frag.triggerTime();
                        src.times.put(spill << 32 | lastEvent, lastTime);
                    }
                    case FrameHeader.TYPE_END_OF_SPILL -> {
                        marker.wrap(payload, 0, len);
                        check(marker.validateEnd() == null && marker.spill() == spill, "EOS of the open spill");
                        check(marker.triggers() == lastEvent, "EOS counts " + marker.triggers() + " triggers, sent " + lastEvent);
                        src.spills.add(spill);
                        src.eventsPerSpill.add(lastEvent);
                        src.eotPerSpill.add(marker.scaler(SpillMarkerFlyweight.SCALER_EOT, -1));
                        spill = -1;
                    }
                    case FrameHeader.TYPE_HEARTBEAT -> src.heartbeats++;
                    case FrameHeader.TYPE_HELLO -> { }
                    default -> check(false, "unexpected frame type " + h.type());
                }
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            problems.add(e);
        }
    }

    private static long lastSpill(Source s) {
        return s.spills.isEmpty() ? 0 : s.spills.get(s.spills.size() - 1);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

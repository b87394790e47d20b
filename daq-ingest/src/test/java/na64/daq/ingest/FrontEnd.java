package na64.daq.ingest;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.LittleEndian;

/**
 * A front-end as the tests play it: a plain blocking {@link Socket} writing frames built with the
 * protocol's {@link FrameEncoder}, and reading the service's ERROR reply. Source 1 is the trigger
 * unit (no channels); the others are digitizers sending one PEAK channel per fragment.
 */
final class FrontEnd implements AutoCloseable {
    /** The reference setup, whose names and channel counts the HELLOs announce. */
    private static final RunConfig DEFAULT = ConfigLoader.loadDefault();
    static final long RUN = 512;
    static final long SPILL = 1;

    final int source;
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final FrameEncoder encoder = new FrameEncoder();

    private FrontEnd(int source, Socket socket) throws IOException {
        this.source = source;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects as {@code source}; nothing is sent yet. */
    static FrontEnd connect(InetSocketAddress service, int source) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(10_000);
        s.connect(service, 10_000);
        return new FrontEnd(source, s);
    }

    FrontEnd hello() throws IOException {
        RunConfig.SourceConfig c = DEFAULT.source(source); // announce what the configuration says
        return send(encoder.hello(source, c.boardKind(), c.channels(), c.name()));
    }

    FrontEnd beginOfSpill() throws IOException {
        return send(encoder.beginOfSpill(source, RUN, SPILL, 1_700_000_000_000_000_000L));
    }

    FrontEnd fragment(long event) throws IOException {
        return send(fragmentFrame(event));
    }

    FrontEnd fragments(long first, long last) throws IOException {
        for (long e = first; e <= last; e++) {
            fragment(e);
        }
        return this;
    }

    FrontEnd endOfSpill(long triggers) throws IOException {
        return send(encoder.endOfSpill(source, RUN, SPILL, triggers));
    }

    /** The whole FRAGMENT frame of {@code event}: RANDOM trigger, aligned trigger time. */
    byte[] fragmentFrame(long event) {
        boolean trigger = source == 1;
        encoder.begin(FrameHeader.TYPE_FRAGMENT, source)
                .putFragmentHeader(RUN, SPILL, event, 0, event * 40_000, FragmentFlyweight.TRIGGER_RANDOM,
                        FragmentFlyweight.ENCODING_PEAK, 0, trigger ? 0 : 1);
        if (!trigger) {
            encoder.putU16(0).putU16(20).putU16(150);
        }
        return encoder.toFrame();
    }

    FrontEnd send(byte[] bytes) throws IOException {
        return send(bytes, 0, bytes.length);
    }

    FrontEnd send(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
        return this;
    }

    /** One frame sent by the service (an ERROR): its type, source id and UTF-8 payload. */
    record Reply(int type, int source, String reason) {
    }

    /** Reads the next frame the service sent; fails if none comes. */
    Reply readReply() throws IOException {
        byte[] header = new byte[FrameHeader.LENGTH];
        in.readFully(header);
        FrameHeader h = new FrameHeader().wrap(header, 0);
        if (h.magic() != FrameHeader.MAGIC) {
            throw new IOException("reply without the NA64 magic");
        }
        byte[] payload = new byte[(int) h.payloadLength()];
        in.readFully(payload);
        return new Reply(h.type(), h.sourceId(), new String(payload, StandardCharsets.UTF_8));
    }

    /** True once the service has closed the connection (end of stream or reset); waits up to the socket timeout. */
    boolean closedByService() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /**
     * True when the service has neither closed the connection nor sent anything on it. Looks for a
     * moment only: the callers have already seen later frames of this connection processed, so a
     * close would already be on its way.
     */
    boolean stillOpen() throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(100);
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (EOFException | SocketException e) {
            return false;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** A header only, declaring a payload of {@code length} bytes (unsigned). */
    static byte[] headerOnly(int type, int source, long length) {
        byte[] b = new byte[FrameHeader.LENGTH];
        FrameHeader.write(b, 0, type, source, 0, 0);
        LittleEndian.putU32(b, FrameHeader.LENGTH_OFFSET, length);
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package na64.daq.testkit;

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
 * A front-end as tests play it: a plain blocking {@link Socket} to the service, writing real protocol
 * v1 frames built with the protocol's {@link FrameEncoder}, and reading the service's ERROR reply.
 * Its HELLO announces what the reference configuration says about the source; source 1 is the
 * trigger unit (no channels), the others send one PEAK channel per fragment. Not thread-safe: one
 * thread per client.
 */
public final class FrontEndClient implements AutoCloseable {
    /** The reference setup, whose names and channel counts the HELLOs announce. */
    private static final RunConfig DEFAULT = ConfigLoader.loadDefault();
    public static final long RUN = 512;
    public static final long SPILL = 1;
    /** How long a read waits for the service. */
    private static final int TIMEOUT_MS = 10_000;

    private final int source;
    private final Frames frames;
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    /**
     * The frames one source sends, as whole byte arrays (for tests that feed a channel directly, and
     * for this client). Not thread-safe.
     */
    public static final class Frames {
        private final int source;
        private final FrameEncoder encoder = new FrameEncoder();

        public Frames(int source) {
            this.source = source;
        }

        /** The HELLO the reference configuration expects of this source. */
        public byte[] hello() {
            RunConfig.SourceConfig c = DEFAULT.source(source);
            return encoder.hello(source, c.boardKind(), c.channels(), c.name());
        }

        public byte[] beginOfSpill() {
            return encoder.beginOfSpill(source, RUN, SPILL, 1_700_000_000_000_000_000L);
        }

        /** The FRAGMENT of {@code event}: RANDOM trigger, aligned trigger time; one PEAK channel unless the trigger unit. */
        public byte[] fragment(long event) {
            boolean trigger = source == 1;
            encoder.begin(FrameHeader.TYPE_FRAGMENT, source)
                    .putFragmentHeader(RUN, SPILL, event, 0, event * 40_000, FragmentFlyweight.TRIGGER_RANDOM,
                            FragmentFlyweight.ENCODING_PEAK, 0, trigger ? 0 : 1);
            if (!trigger) {
                encoder.putPeakRecord(0, 20, 150);
            }
            return encoder.toFrame();
        }

        public byte[] endOfSpill(long triggers) {
            return encoder.endOfSpill(source, RUN, SPILL, triggers);
        }

        public byte[] heartbeat() {
            return encoder.heartbeat(source);
        }
    }

    private FrontEndClient(int source, Socket socket) throws IOException {
        this.source = source;
        this.frames = new Frames(source);
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects to {@code service} as {@code source}; nothing is sent yet. */
    public static FrontEndClient connect(InetSocketAddress service, int source) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(TIMEOUT_MS);
        s.connect(service, TIMEOUT_MS);
        return new FrontEndClient(source, s);
    }

    /** The source id this client speaks for. */
    public int source() {
        return source;
    }

    /** Sends the HELLO the reference configuration expects of this source. */
    public FrontEndClient hello() throws IOException {
        return send(frames.hello());
    }

    public FrontEndClient beginOfSpill() throws IOException {
        return send(frames.beginOfSpill());
    }

    public FrontEndClient fragment(long event) throws IOException {
        return send(fragmentFrame(event));
    }

    /** Fragments {@code first..last}, one frame per write. */
    public FrontEndClient fragments(long first, long last) throws IOException {
        for (long e = first; e <= last; e++) {
            fragment(e);
        }
        return this;
    }

    public FrontEndClient endOfSpill(long triggers) throws IOException {
        return send(frames.endOfSpill(triggers));
    }

    /** The whole FRAGMENT frame of {@code event} (see {@link Frames#fragment}). */
    public byte[] fragmentFrame(long event) {
        return frames.fragment(event);
    }

    public FrontEndClient send(byte[] bytes) throws IOException {
        return send(bytes, 0, bytes.length);
    }

    public FrontEndClient send(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
        return this;
    }

    /** One frame sent by the service (an ERROR): its type, source id and UTF-8 payload. */
    public record Reply(int type, int source, String reason) {
    }

    /** Reads the next frame the service sent; fails if none comes within the timeout. */
    public Reply readReply() throws IOException {
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

    /** True once the service has closed the connection (end of stream or reset); waits up to the timeout. */
    public boolean closedByService() throws IOException {
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
     * moment only: callers have already seen later frames of this connection processed, so a close
     * would already be on its way.
     */
    public boolean stillOpen() throws IOException {
        socket.setSoTimeout(100);
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (EOFException | SocketException e) {
            return false;
        } finally {
            socket.setSoTimeout(TIMEOUT_MS);
        }
    }

    /** A header only, declaring a payload of {@code length} bytes (unsigned). */
    public static byte[] headerOnly(int type, int source, long length) {
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

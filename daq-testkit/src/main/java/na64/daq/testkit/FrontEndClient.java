package na64.daq.testkit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.LittleEndian;

/**
 * A front-end as tests play it: a TCP connection to the service writing real protocol v1 frames
 * ({@link FrontEndFrames}, in the {@link FrontEndFrames.Shape} asked for) and reading the service's
 * ERROR reply. Not thread-safe: one thread sends; {@link #waitingToWrite} and
 * {@link #sendBufferFullWaits} may be read from any thread.
 *
 * <p>Writes block like a plain socket's, but are made without blocking: when the kernel takes no
 * byte (the socket's send buffer is full because the service's TCP window closed: backpressure) the
 * client counts it, says it is waiting ({@link #waitingToWrite}) and waits until the socket is
 * writable again. So a test sees backpressure reach the writer without looking into its thread.
 */
public final class FrontEndClient implements AutoCloseable {
    /** The run of the default ({@link FrontEndFrames.Shape#PEAK}) shape. */
    public static final long RUN = FrontEndFrames.Shape.PEAK.run();
    /** The spill of the default shape. */
    public static final long SPILL = FrontEndFrames.Shape.PEAK.spill();
    /** How long a connect or a read waits for the service. */
    private static final int TIMEOUT_MS = 10_000;
    /** How long {@link #stillOpen} looks. */
    private static final int GLANCE_MS = 100;

    private final FrontEndFrames frames;
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final AtomicLong sendBufferFullWaits = new AtomicLong();
    private volatile boolean waitingToWrite;

    private FrontEndClient(FrontEndFrames frames, SocketChannel channel) throws IOException {
        this.frames = frames;
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        this.key = channel.register(selector, 0);
    }

    /** Connects to {@code service} as {@code source}, in the default shape; nothing is sent yet. */
    public static FrontEndClient connect(InetSocketAddress service, int source) throws IOException {
        return connect(service, new FrontEndFrames(source), 0);
    }

    /** Connects as {@code source} sending frames of {@code shape}. */
    public static FrontEndClient connect(InetSocketAddress service, int source, FrontEndFrames.Shape shape)
            throws IOException {
        return connect(service, new FrontEndFrames(source, shape), 0);
    }

    /**
     * Connects sending {@code frames}; {@code sendBuffer} > 0 sets a small socket send buffer, so
     * backpressure reaches the writer soon.
     */
    public static FrontEndClient connect(InetSocketAddress service, FrontEndFrames frames, int sendBuffer)
            throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.socket().setTcpNoDelay(true);
            if (sendBuffer > 0) {
                ch.socket().setSendBufferSize(sendBuffer);
            }
            ch.socket().connect(service, TIMEOUT_MS);
            return new FrontEndClient(frames, ch);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** The source id this client speaks for. */
    public int source() {
        return frames.source();
    }

    /** The frames this client sends (for a frame to send cut or out of turn). */
    public FrontEndFrames frames() {
        return frames;
    }

    /** Sends the HELLO the reference configuration expects of this source. */
    public FrontEndClient hello() throws IOException {
        return send(frames.hello());
    }

    public FrontEndClient beginOfSpill() throws IOException {
        return send(frames.beginOfSpill());
    }

    public FrontEndClient beginOfSpill(long spill) throws IOException {
        return send(frames.beginOfSpill(spill));
    }

    public FrontEndClient fragment(long event) throws IOException {
        return send(frames.fragment(event));
    }

    public FrontEndClient fragment(long spill, long event) throws IOException {
        return send(frames.fragment(spill, event));
    }

    /** Fragments {@code first..last} of the shape's spill, one frame per write. */
    public FrontEndClient fragments(long first, long last) throws IOException {
        for (long e = first; e <= last; e++) {
            fragment(e);
        }
        return this;
    }

    public FrontEndClient endOfSpill(long triggers) throws IOException {
        return send(frames.endOfSpill(triggers));
    }

    public FrontEndClient endOfSpill(long spill, long triggers) throws IOException {
        return send(frames.endOfSpill(spill, triggers));
    }

    /** The trigger unit's END_OF_SPILL with the EOT scaler. */
    public FrontEndClient endOfSpill(long spill, long triggers, long eot) throws IOException {
        return send(frames.endOfSpill(spill, triggers, eot));
    }

    public FrontEndClient heartbeat() throws IOException {
        return send(frames.heartbeat());
    }

    /** The whole FRAGMENT frame of {@code event} in the shape's spill. */
    public byte[] fragmentFrame(long event) {
        return frames.fragment(event);
    }

    public FrontEndClient send(byte[] bytes) throws IOException {
        return send(bytes, 0, bytes.length);
    }

    /** Writes the bytes, waiting while the socket's send buffer is full. */
    public FrontEndClient send(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, length);
        while (b.hasRemaining()) {
            if (channel.write(b) == 0) {
                sendBufferFullWaits.incrementAndGet();
                waitingToWrite = true;
                try {
                    await(SelectionKey.OP_WRITE, 0);
                } finally {
                    waitingToWrite = false;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedIOException("interrupted while waiting to write");
                }
            }
        }
        return this;
    }

    /** True while a write waits for room in the socket's send buffer. */
    public boolean waitingToWrite() {
        return waitingToWrite;
    }

    /** Writes that found the send buffer full and had to wait. */
    public long sendBufferFullWaits() {
        return sendBufferFullWaits.get();
    }

    /** One frame sent by the service (an ERROR): its type, source id and UTF-8 payload. */
    public record Reply(int type, int source, String reason) {
    }

    /** Reads the next frame the service sent; fails if none comes within the timeout. */
    public Reply readReply() throws IOException {
        byte[] header = new byte[FrameHeader.LENGTH];
        if (!readFully(ByteBuffer.wrap(header), TIMEOUT_MS)) {
            throw new SocketTimeoutException("no reply from the service within " + TIMEOUT_MS + " ms");
        }
        FrameHeader h = new FrameHeader().wrap(header, 0);
        if (h.magic() != FrameHeader.MAGIC) {
            throw new IOException("reply without the NA64 magic");
        }
        byte[] payload = new byte[(int) h.payloadLength()];
        if (!readFully(ByteBuffer.wrap(payload), TIMEOUT_MS)) {
            throw new SocketTimeoutException("a reply cut short");
        }
        return new Reply(h.type(), h.sourceId(), new String(payload, StandardCharsets.UTF_8));
    }

    /** True once the service has closed the connection (end of stream or reset); waits up to the timeout. */
    public boolean closedByService() throws IOException {
        return readOneByte(TIMEOUT_MS) == Glance.CLOSED;
    }

    /**
     * True when the service has neither closed the connection nor sent anything on it. Looks for a
     * moment only: callers have already seen later frames of this connection processed, so a close
     * would already be on its way.
     */
    public boolean stillOpen() throws IOException {
        return readOneByte(GLANCE_MS) == Glance.NOTHING;
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
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }

    private enum Glance { NOTHING, DATA, CLOSED }

    private Glance readOneByte(long timeoutMs) throws IOException {
        try {
            return readFully(ByteBuffer.allocate(1), timeoutMs) ? Glance.DATA : Glance.NOTHING;
        } catch (EOFException | SocketException e) {
            return Glance.CLOSED;
        }
    }

    /**
     * Fills {@code b} from the socket. Returns false if {@code timeoutMs} passed first, having read
     * nothing; throws {@link SocketTimeoutException} if it passed midway, {@link EOFException} at end
     * of stream.
     */
    private boolean readFully(ByteBuffer b, long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (b.hasRemaining()) {
            int n = channel.read(b);
            if (n < 0) {
                throw new EOFException("the service closed the connection");
            }
            if (n == 0) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    if (b.position() == 0) {
                        return false;
                    }
                    throw new SocketTimeoutException("no reply from the service within " + timeoutMs + " ms");
                }
                await(SelectionKey.OP_READ, leftMs);
            }
        }
        return true;
    }

    /** Waits until the socket is ready for {@code op}, or {@code timeoutMs} (0: no limit) passed. */
    private void await(int op, long timeoutMs) throws IOException {
        key.interestOps(op);
        try {
            if (timeoutMs > 0) {
                selector.select(timeoutMs);
            } else {
                selector.select();
            }
            selector.selectedKeys().clear();
        } finally {
            key.interestOps(0);
        }
    }
}

package na64.daq.app.e2e;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;

/**
 * A front-end as the end-to-end tests play it: a TCP connection writing frames built with the
 * protocol's {@link FrameEncoder}. Every fragment is a RANDOM trigger with aligned trigger time, so
 * every complete event is accepted into the {@code random} stream and stored. Source 1 is the
 * trigger unit (no channels); digitizers send {@code channels} WAVEFORM channels of 32 samples.
 *
 * <p>Writes block like a plain socket's, but are made without blocking: when the kernel takes no
 * byte (the socket's send buffer is full because the service's TCP window closed: backpressure) the
 * front-end counts it ({@link #sendBufferFullWaits}), says it is waiting ({@link #waitingToWrite})
 * and waits until the socket is writable again. So a test sees backpressure reach the writer
 * without looking into its thread.
 */
final class FrontEnd implements AutoCloseable {
    /** The reference setup, whose names and channel counts the HELLOs announce. */
    private static final RunConfig DEFAULT = ConfigLoader.loadDefault();
    static final long RUN = 900;
    static final long SPILL = 7;
    static final int SAMPLES = 32;

    final int source;
    private final int channels;
    private final SocketChannel channel;
    private final Selector writable;
    private final FrameEncoder encoder = new FrameEncoder();
    /** Writes that found the send buffer full and had to wait. */
    final AtomicLong sendBufferFullWaits = new AtomicLong();
    private volatile boolean waitingToWrite;

    private FrontEnd(int source, int channels, SocketChannel channel) throws IOException {
        this.source = source;
        this.channels = source == 1 ? 0 : channels;
        this.channel = channel;
        channel.configureBlocking(false);
        this.writable = Selector.open();
        channel.register(writable, SelectionKey.OP_WRITE);
    }

    /** Connects as {@code source} sending one channel per digitizer fragment. */
    static FrontEnd connect(InetSocketAddress service, int source) throws IOException {
        return connect(service, source, 1, 0);
    }

    /**
     * Connects as {@code source}; digitizer fragments carry {@code channels} waveform channels.
     * {@code sendBuffer} > 0 sets a small socket send buffer, so backpressure reaches the writer soon.
     */
    static FrontEnd connect(InetSocketAddress service, int source, int channels, int sendBuffer) throws IOException {
        SocketChannel ch = SocketChannel.open();
        ch.socket().setTcpNoDelay(true);
        if (sendBuffer > 0) {
            ch.socket().setSendBufferSize(sendBuffer);
        }
        ch.socket().connect(service, 10_000);
        return new FrontEnd(source, channels, ch);
    }

    FrontEnd hello() throws IOException {
        RunConfig.SourceConfig c = DEFAULT.source(source); // announce what the configuration says
        return send(encoder.hello(source, c.boardKind(), c.channels(), c.name()));
    }

    FrontEnd beginOfSpill() throws IOException {
        return send(encoder.beginOfSpill(source, RUN, SPILL, 1_700_000_000_000_000_000L));
    }

    FrontEnd fragment(long event) throws IOException {
        encoder.begin(FrameHeader.TYPE_FRAGMENT, source)
                .putFragmentHeader(RUN, SPILL, event, 0, event * 40_000, FragmentFlyweight.TRIGGER_RANDOM,
                        FragmentFlyweight.ENCODING_WAVEFORM, channels == 0 ? 0 : SAMPLES, channels);
        for (int c = 0; c < channels; c++) {
            encoder.putU16(c);
            for (int s = 0; s < SAMPLES; s++) {
                encoder.putU16(s == 10 ? 430 : 400); // a small pulse over a 400-count pedestal
            }
        }
        return send(encoder.toFrame());
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

    /** The trigger unit's END_OF_SPILL with the EOT scaler. */
    FrontEnd endOfSpill(long triggers, long eot) throws IOException {
        return send(encoder.endOfSpill(source, RUN, SPILL, triggers, new long[] {1, eot}));
    }

    /** Writes the whole frame, waiting while the socket's send buffer is full. */
    FrontEnd send(byte[] frame) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(frame);
        while (b.hasRemaining()) {
            if (channel.write(b) == 0) {
                sendBufferFullWaits.incrementAndGet();
                waitingToWrite = true;
                try {
                    writable.select();
                    writable.selectedKeys().clear();
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
    boolean waitingToWrite() {
        return waitingToWrite;
    }

    @Override
    public void close() throws IOException {
        try {
            writable.close();
        } finally {
            channel.close();
        }
    }
}

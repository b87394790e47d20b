package na64.daq.app.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;

/**
 * A front-end as the end-to-end tests play it: a plain blocking {@link Socket} writing frames built
 * with the protocol's {@link FrameEncoder}. Every fragment is a RANDOM trigger with aligned trigger
 * time, so every complete event is accepted into the {@code random} stream and stored. Source 1 is
 * the trigger unit (no channels); digitizers send {@code channels} WAVEFORM channels of 32 samples.
 */
final class FrontEnd implements AutoCloseable {
    /** The reference setup, whose names and channel counts the HELLOs announce. */
    private static final RunConfig DEFAULT = ConfigLoader.loadDefault();
    static final long RUN = 900;
    static final long SPILL = 7;
    static final int SAMPLES = 32;

    final int source;
    private final int channels;
    private final Socket socket;
    private final OutputStream out;
    private final FrameEncoder encoder = new FrameEncoder();

    private FrontEnd(int source, int channels, Socket socket) throws IOException {
        this.source = source;
        this.channels = source == 1 ? 0 : channels;
        this.socket = socket;
        this.out = socket.getOutputStream();
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
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(10_000);
        if (sendBuffer > 0) {
            s.setSendBufferSize(sendBuffer);
        }
        s.connect(service, 10_000);
        return new FrontEnd(source, channels, s);
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

    FrontEnd send(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
        return this;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

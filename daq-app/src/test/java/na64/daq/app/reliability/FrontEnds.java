package na64.daq.app.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;

/**
 * The five front-ends of the reference setup played by hand over plain blocking sockets, one
 * connection per source. Every trigger is RANDOM, so every complete event is accepted (stream
 * {@code random}) and stored. Each FRAGMENT payload sent is remembered, so a test can compare the
 * store with what crossed the wire, byte for byte. Digitizers send {@code channels} waveform
 * channels of 32 samples whose content depends on (source, spill, event).
 */
final class FrontEnds implements AutoCloseable {
    /** The reference setup, whose names and channel counts the HELLOs announce. */
    private static final RunConfig DEFAULT = ConfigLoader.loadDefault();
    static final int[] SOURCES = {1, 2, 3, 4, 5};

    final long run;
    private final int channels;
    private final Socket[] sockets = new Socket[6];
    private final OutputStream[] out = new OutputStream[6];
    private final FrameEncoder encoder = new FrameEncoder();
    /** "spill/source/event" to the FRAGMENT payload sent. */
    final Map<String, byte[]> sent = new ConcurrentHashMap<>();

    FrontEnds(long run, int channels) {
        this.run = run;
        this.channels = channels;
    }

    /** Connects {@code source} and sends its HELLO; {@code sendBuffer} > 0 makes the socket's send buffer small. */
    FrontEnds connect(InetSocketAddress service, int source, int sendBuffer) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        if (sendBuffer > 0) {
            s.setSendBufferSize(sendBuffer);
        }
        s.connect(service, 10_000);
        sockets[source] = s;
        out[source] = s.getOutputStream();
        RunConfig.SourceConfig c = DEFAULT.source(source); // announce what the configuration says
        return send(source, encoder.hello(source, c.boardKind(), c.channels(), c.name()));
    }

    FrontEnds connectAll(InetSocketAddress service) throws IOException {
        for (int s : SOURCES) {
            connect(service, s, 0);
        }
        return this;
    }

    FrontEnds beginOfSpill(int source, long spill) throws IOException {
        return send(source, encoder.beginOfSpill(source, run, spill, 1_750_000_000_000_000_000L + spill));
    }

    FrontEnds beginOfSpill(long spill) throws IOException {
        for (int s : SOURCES) {
            beginOfSpill(s, spill);
        }
        return this;
    }

    /** The FRAGMENT frame of {@code source} for (run, spill, event), remembered in {@link #sent}. */
    byte[] fragmentFrame(int source, long spill, long event) {
        int c = Math.min(channels, DEFAULT.source(source).channels()); // never more than the board has
        encoder.begin(FrameHeader.TYPE_FRAGMENT, source).putFragmentHeader(run, spill, event, 0, event * 25_000,
                FragmentFlyweight.TRIGGER_RANDOM, FragmentFlyweight.ENCODING_WAVEFORM, c == 0 ? 0 : 32, c);
        for (int ch = 0; ch < c; ch++) {
            encoder.putU16(ch);
            for (int k = 0; k < 32; k++) {
                encoder.putU16(400 + (int) ((event * 7 + source * 13 + ch * 3 + k + spill) % 50));
            }
        }
        byte[] frame = encoder.toFrame();
        sent.put(spill + "/" + source + "/" + event, Arrays.copyOfRange(frame, FrameHeader.LENGTH, frame.length));
        return frame;
    }

    FrontEnds fragment(int source, long spill, long event) throws IOException {
        return send(source, fragmentFrame(source, spill, event));
    }

    /** Every source's fragment of one trigger. */
    FrontEnds event(long spill, long event) throws IOException {
        for (int s : SOURCES) {
            fragment(s, spill, event);
        }
        return this;
    }

    FrontEnds endOfSpill(int source, long spill, long triggers) throws IOException {
        return send(source, source == 1 ? encoder.endOfSpill(source, run, spill, triggers, new long[] {1, 100 * triggers})
                : encoder.endOfSpill(source, run, spill, triggers));
    }

    FrontEnds endOfSpill(long spill, long triggers) throws IOException {
        for (int s : SOURCES) {
            endOfSpill(s, spill, triggers);
        }
        return this;
    }

    FrontEnds heartbeat(int source) throws IOException {
        return send(source, encoder.heartbeat(source));
    }

    FrontEnds send(int source, byte[] frame) throws IOException {
        out[source].write(frame);
        out[source].flush();
        return this;
    }

    /** Closes one source's connection (the front-end drops). */
    void drop(int source) throws IOException {
        sockets[source].close();
        sockets[source] = null;
    }

    /** The payload sent for (spill, source, event), or null. */
    byte[] payload(long spill, int source, long event) {
        return sent.get(spill + "/" + source + "/" + event);
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing: nothing to do
                }
            }
        }
    }
}

package na64.daq.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import na64.daq.protocol.FrameHeader;

/**
 * The five front-ends of the reference setup played together: one {@link FrontEndClient} per source,
 * all sending {@code channels} WAVEFORM channels in one run, with the spill named on every call.
 * Each FRAGMENT payload sent is remembered, so a test can compare the store with what crossed the
 * wire, byte for byte. A source's frames outlive its connection, so a dropped source can reconnect.
 * Not thread-safe, except that distinct sources may be driven from distinct threads.
 */
public final class FrontEndGroup implements AutoCloseable {
    /** The source ids of the reference setup; 1 is the trigger unit. */
    public static final int[] SOURCES = {1, 2, 3, 4, 5};
    /** The trigger unit's EOT scaler per trigger in {@link #endOfSpill(int, long, long)}. */
    private static final long EOT_PER_TRIGGER = 100;

    private final long run;
    private final FrontEndFrames[] frames = new FrontEndFrames[SOURCES.length + 1];
    private final FrontEndClient[] clients = new FrontEndClient[SOURCES.length + 1];
    /** "spill/source/event" to the FRAGMENT payload sent. */
    private final Map<String, byte[]> sent = new ConcurrentHashMap<>();

    public FrontEndGroup(long run, int channels) {
        this.run = run;
        FrontEndFrames.Shape shape = FrontEndFrames.Shape.waveform(run, 1, channels);
        for (int s : SOURCES) {
            frames[s] = new FrontEndFrames(s, shape);
        }
    }

    public long run() {
        return run;
    }

    /** Connects {@code source} and sends its HELLO; {@code sendBuffer} > 0 makes the socket's send buffer small. */
    public FrontEndGroup connect(InetSocketAddress service, int source, int sendBuffer) throws IOException {
        clients[source] = FrontEndClient.connect(service, frames[source], sendBuffer);
        clients[source].hello();
        return this;
    }

    public FrontEndGroup connectAll(InetSocketAddress service) throws IOException {
        for (int s : SOURCES) {
            connect(service, s, 0);
        }
        return this;
    }

    /** The connection of {@code source}, or null while it has none. */
    public FrontEndClient client(int source) {
        return clients[source];
    }

    public FrontEndGroup beginOfSpill(int source, long spill) throws IOException {
        return send(source, frames[source].beginOfSpill(spill));
    }

    public FrontEndGroup beginOfSpill(long spill) throws IOException {
        for (int s : SOURCES) {
            beginOfSpill(s, spill);
        }
        return this;
    }

    /** The FRAGMENT frame of {@code source} for (spill, event), remembered for {@link #payload}. */
    public byte[] fragmentFrame(int source, long spill, long event) {
        byte[] frame = frames[source].fragment(spill, event);
        sent.put(key(spill, source, event), Arrays.copyOfRange(frame, FrameHeader.LENGTH, frame.length));
        return frame;
    }

    public FrontEndGroup fragment(int source, long spill, long event) throws IOException {
        return send(source, fragmentFrame(source, spill, event));
    }

    /** Every source's fragment of one trigger. */
    public FrontEndGroup event(long spill, long event) throws IOException {
        for (int s : SOURCES) {
            fragment(s, spill, event);
        }
        return this;
    }

    /** The END_OF_SPILL of {@code source}; the trigger unit's carries an EOT scaler of 100 per trigger. */
    public FrontEndGroup endOfSpill(int source, long spill, long triggers) throws IOException {
        return send(source, source == 1 ? frames[source].endOfSpill(spill, triggers, EOT_PER_TRIGGER * triggers)
                : frames[source].endOfSpill(spill, triggers));
    }

    public FrontEndGroup endOfSpill(long spill, long triggers) throws IOException {
        for (int s : SOURCES) {
            endOfSpill(s, spill, triggers);
        }
        return this;
    }

    public FrontEndGroup heartbeat(int source) throws IOException {
        return send(source, frames[source].heartbeat());
    }

    public FrontEndGroup send(int source, byte[] frame) throws IOException {
        clients[source].send(frame);
        return this;
    }

    /** Closes one source's connection (the front-end drops). */
    public void drop(int source) throws IOException {
        clients[source].close();
        clients[source] = null;
    }

    /** The payload sent for (spill, source, event), or null. */
    public byte[] payload(long spill, int source, long event) {
        return sent.get(key(spill, source, event));
    }

    private static String key(long spill, int source, long event) {
        return spill + "/" + source + "/" + event;
    }

    @Override
    public void close() {
        for (FrontEndClient c : clients) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    // closing: nothing to do
                }
            }
        }
    }
}

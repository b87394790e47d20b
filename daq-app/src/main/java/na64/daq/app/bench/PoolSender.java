package na64.daq.app.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import na64.daq.emulator.SpillGenerator;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.SpillMarkerFlyweight;

/**
 * One source of the load generator: one TCP connection that sends HELLO, then spills of pooled
 * events. A spill is BEGIN_OF_SPILL, FRAGMENTs for events 1, 2, 3, ... (the pool's fragments in a
 * cycle, each stamped with its spill, event number, trigger time and CRC just before it is written)
 * and END_OF_SPILL with the number of triggers sent; the trigger unit's END_OF_SPILL also carries
 * the EOT, triggers and dead-time scalers for those triggers. Fragments go out in writes of up to
 * {@link #CHUNK} bytes straight from the pool, so nothing is allocated per event. Sources of one
 * segment keep within {@link StopPoint#SKEW} events of each other. One thread.
 */
final class PoolSender implements AutoCloseable {
    /** Bytes per socket write at most (and events per write at most {@link #MAX_BATCH}). */
    static final int CHUNK = 64 * 1024;
    private static final int MAX_BATCH = 4096;

    private final EventPool pool;
    private final EventPool.Source src;
    private final int index;
    private final boolean triggerUnit;
    private final int eventsPerSpill;
    private final SocketChannel channel;
    private final ByteBuffer view;
    private final FrameEncoder encoder = new FrameEncoder();
    private final byte[] heartbeat;
    private long bytes;
    /** Events of the current segment sent so far; read by other threads for progress. */
    private volatile long sent;

    /** Connects to {@code to} as source {@code index} of {@code pool} and sends HELLO. */
    PoolSender(EventPool pool, int index, int eventsPerSpill, InetSocketAddress to) throws IOException {
        this.pool = pool;
        this.src = pool.source(index);
        this.index = index;
        this.triggerUnit = index == 0;
        this.eventsPerSpill = eventsPerSpill;
        this.view = ByteBuffer.wrap(src.data);
        this.heartbeat = encoder.heartbeat(src.id);
        this.channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // paced runs: no Nagle delay on small writes
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
            try {
                channel.connect(to);
            } catch (IOException e) {
                throw new IOException("cannot connect to " + to.getHostString() + ":" + to.getPort() + ": " + e.getMessage(), e);
            }
            write(src.hello);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    int sourceId() {
        return src.id;
    }

    /** Bytes written so far on this connection, HELLO included. Sending thread only. */
    long bytes() {
        return bytes;
    }

    /** Events of the running segment sent so far (any thread). */
    long sent() {
        return sent;
    }

    /**
     * Sends spills numbered from {@code firstSpill} of {@code eventsPerSpill} events each (the last
     * one shorter) until {@code stop} ends the segment, paced by {@code pacer}. Returns the number of spills sent.
     */
    int segment(long firstSpill, StopPoint stop, Pacer pacer) throws IOException {
        long done = 0;
        long spill = firstSpill;
        sent = 0;
        while (stop.grant(done + 1) > done) {
            write(encoder.beginOfSpill(src.id, pool.run(), spill, System.currentTimeMillis() * 1_000_000L));
            long n = 0;
            while (n < eventsPerSpill) {
                stop.hold(index, done);
                long want = done + Math.min(eventsPerSpill - n, MAX_BATCH);
                long granted = stop.grant(pacer.allow(done, want, this::heartbeatQuietly));
                if (granted <= done) {
                    break;
                }
                int k = sendEvents(spill, n, (int) (granted - done));
                n += k;
                done += k;
                sent = done;
                stop.advanced(index, done);
            }
            write(endOfSpill(spill, n));
            spill++;
        }
        return (int) (spill - firstSpill);
    }

    /** Sends events {@code n + 1 ..} of {@code spill}, at most {@code count}, in one write; returns how many. */
    private int sendEvents(long spill, long n, int count) throws IOException {
        int events = pool.events();
        int f0 = (int) (n % events);
        long shift = (n / events) * pool.spanNs();
        int max = Math.min(count, events - f0);
        int start = src.offset(f0);
        int k = 0;
        while (k < max && (k == 0 || src.offset(f0 + k + 1) - start <= CHUNK)) {
            src.stamp(f0 + k, spill, n + k + 1, src.triggerTime(f0 + k) + shift);
            k++;
        }
        view.limit(src.offset(f0 + k)).position(start);
        while (view.hasRemaining()) {
            channel.write(view);
        }
        bytes += src.offset(f0 + k) - start;
        return k;
    }

    private byte[] endOfSpill(long spill, long triggers) {
        if (!triggerUnit) {
            return encoder.endOfSpill(src.id, pool.run(), spill, triggers);
        }
        return encoder.endOfSpill(src.id, pool.run(), spill, triggers,
                new long[] {SpillMarkerFlyweight.SCALER_EOT, Math.round(triggers * pool.eotPerEvent())},
                new long[] {SpillMarkerFlyweight.SCALER_TRIGGERS, triggers},
                new long[] {SpillMarkerFlyweight.SCALER_DEAD_TIME_NS, triggers * SpillGenerator.DEAD_TIME_NS});
    }

    /** Sends a HEARTBEAT (an idle source must send one at least once a second). */
    void heartbeat() throws IOException {
        write(heartbeat);
    }

    private void heartbeatQuietly() {
        try {
            heartbeat();
        } catch (IOException e) {
            // the next write of a fragment fails the same way and reports it
        }
    }

    private void write(byte[] frame) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(frame);
        while (b.hasRemaining()) {
            channel.write(b);
        }
        bytes += frame.length;
    }

    /** Closes the connection (after the last write, the kernel still delivers what it holds). */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}

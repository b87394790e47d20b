package na64.daq.farm.readout;

import java.util.Arrays;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.lmax.disruptor.EventHandler;

import na64.daq.pipeline.FragmentArena;
import na64.daq.pipeline.FragmentArenas;
import na64.daq.pipeline.SourceIndex;
import na64.daq.pipeline.IngestEntry;
import na64.daq.pipeline.Counter;
import na64.daq.pipeline.NanoClock;
import na64.daq.farm.FarmTopics;
import na64.daq.farm.FragmentPack;
import na64.daq.farm.FrameRecord;

/**
 * The readout's ring consumer, in place of the event builder: every entry the ingest published
 * becomes a record of the frames topic ({@link FrameRecord}); a fragment's payload is copied out of
 * its source's arena into its partition's {@link FragmentPack} and its arena space released at once. A FRAGMENT goes to the partition of
 * its event block ({@link FarmTopics#partitionOf}); a fragment that repeats or goes back on its
 * source's last event number in the same spill follows that source's last fragment, so the
 * builder there counts it as a duplicate exactly as {@code daq serve} would. BEGIN/END_OF_SPILL go
 * to every partition; a PROTOCOL_ERROR too, flagged as counted on one partition only (the one of
 * the source's last fragment), so the merged spill counts it once. TICKs carrying the readout's
 * pipeline time go to every partition every {@link #TICK_NANOS}, so builders time events and
 * spills out on the readout's clock, which stands still while the readout applies backpressure.
 *
 * <p>Backpressure: at most {@code maxInFlightBytes} of records are sent and not yet acknowledged.
 * Beyond that this handler waits; the ring fills; the ingest stops reading the front-ends (autoRead
 * off), exactly as when the event builder is slow in {@code daq serve}. Nothing is dropped.
 */
public final class KafkaForwarder implements EventHandler<IngestEntry> {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaForwarder.class);
    static final long TICK_NANOS = 20_000_000L;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final int partitions;
    private final NanoClock clock;
    private final InFlightBytes inFlight;
    private final FragmentPack[] packs;
    private final FragmentArenas arenas;
    /** Per source (dense index; the last slot for a source the configuration lacks): the partition of its last fragment. */
    private final int[] lastPartition;
    private final long[] lastRun;
    private final long[] lastSpill;
    private final long[] lastEvent;
    private long lastTick = Long.MIN_VALUE / 2;
    private long lastStamp = Long.MIN_VALUE / 2;

    /** Records sent (each partition's copy counts). */
    public final Counter records = new Counter();
    public final Counter bytes = new Counter();
    /** Records the producer failed to deliver after its retries: a loss, logged as an error. */
    public final Counter failures = new Counter();

    public KafkaForwarder(Producer<byte[], byte[]> producer, String topic, int partitions, NanoClock clock, long maxInFlightBytes,
                          FragmentArenas sourceArenas, int sources) {
        this.arenas = sourceArenas;
        lastPartition = new int[sources + 1];
        lastRun = new long[sources + 1];
        lastSpill = new long[sources + 1];
        lastEvent = new long[sources + 1];
        this.producer = producer;
        this.topic = topic;
        this.partitions = partitions;
        this.clock = clock;
        this.inFlight = new InFlightBytes(maxInFlightBytes);
        this.packs = new FragmentPack[partitions];
        for (int p = 0; p < partitions; p++) {
            packs[p] = new FragmentPack();
        }
        Arrays.fill(lastPartition, -1);
    }

    @Override
    public void onEvent(IngestEntry e, long sequence, boolean endOfBatch) {
        switch (e.kind) {
            case IngestEntry.FRAGMENT -> {
                FragmentArena arena = arenas.forSource(e.sourceId);
                int p = fragmentPartition(e);
                boolean full = packs[p].add(e, arena.bytes(), e.arenaOffset, e.length);
                arena.release(e.arenaOrdinal); // copied out: the ingest may reuse the space
                if (full) {
                    sendTo(p, packs[p].take());
                }
            }
            case IngestEntry.BEGIN_OF_SPILL, IngestEntry.END_OF_SPILL -> sendToAll(FrameRecord.encode(e, 0, e.payload, 0, e.length));
            case IngestEntry.PROTOCOL_ERROR -> {
                int counted = Math.max(0, lastPartition[slot(e.sourceId)]);
                byte[] plain = FrameRecord.encode(e, 0, e.payload, 0, 0);
                flushPacks();
                for (int p = 0; p < partitions; p++) {
                    sendTo(p, p == counted ? FrameRecord.encode(e, FrameRecord.FLAG_COUNTED, e.payload, 0, 0) : plain);
                }
            }
            default -> { } // the ingest's own TICKs: the forwarder sends its own below
        }
        if (e.receivedNanos > lastStamp) {
            lastStamp = e.receivedNanos;
        }
        if (endOfBatch) {
            flushPacks();
            tick(lastStamp);
        }
    }

    /** Sends every partition's pending pack (before a record for every partition, and at batch end). */
    private void flushPacks() {
        for (int p = 0; p < partitions; p++) {
            if (!packs[p].isEmpty()) {
                sendTo(p, packs[p].take());
            }
        }
    }

    /** Idle: the ring is empty, so the clock itself is the time of anything published next. */
    @Override
    public void onTimeout(long sequence) {
        tick(Math.max(lastStamp, clock.nanoTime()));
    }

    /** The dense index of {@code sourceId}, or the last slot for one the configuration lacks. */
    private int slot(int sourceId) {
        int i = arenas.index().of(sourceId);
        return i == SourceIndex.NONE ? lastPartition.length - 1 : i;
    }

    private int fragmentPartition(IngestEntry e) {
        int s = slot(e.sourceId);
        long run = e.run;
        long spill = e.spill;
        long event = e.event;
        if (lastPartition[s] >= 0 && lastRun[s] == run && lastSpill[s] == spill && event <= lastEvent[s]) {
            return lastPartition[s];
        }
        int p = FarmTopics.partitionOf(run, spill, event, partitions);
        lastPartition[s] = p;
        lastRun[s] = run;
        lastSpill[s] = spill;
        lastEvent[s] = event;
        return p;
    }

    /**
     * Sends a TICK at pipeline time {@code now} every {@link #TICK_NANOS}. While entries wait in the
     * ring, {@code now} is the stamp of the last one forwarded, never the clock: a tick must not
     * run ahead of fragments still to come, or builders would time their events out early.
     */
    private void tick(long now) {
        if (now - lastTick >= TICK_NANOS) {
            lastTick = now;
            sendToAll(FrameRecord.control(FrameRecord.TICK, now));
        }
    }

    /** After the ring is drained: tells every partition that this readout stopped, and waits for the acknowledgements. */
    public void shutdown() {
        sendToAll(FrameRecord.control(FrameRecord.SHUTDOWN, Math.max(lastStamp, clock.nanoTime())));
        producer.flush();
    }

    private void sendToAll(byte[] value) {
        flushPacks();
        for (int p = 0; p < partitions; p++) {
            sendTo(p, value);
        }
    }

    private void sendTo(int partition, byte[] value) {
        inFlight.acquire(value.length);
        records.increment();
        bytes.add(value.length);
        int size = value.length;
        producer.send(new ProducerRecord<>(topic, partition, null, value), (md, ex) -> acknowledged(size, ex));
    }

    /** Producer I/O thread: one record acknowledged, or failed for good. */
    private void acknowledged(int size, Exception ex) {
        inFlight.release(size);
        if (ex != null) {
            failures.increment();
            LOG.error("Kafka did not take a frame record after its retries: it is LOST ({})", ex.toString());
        }
    }

    /** Nanoseconds this forwarder waited for Kafka's acknowledgements (backpressure). */
    public long backpressureNanos() {
        return inFlight.waitedNanos();
    }

    /** Times the forwarder had to wait for acknowledgements. */
    public long backpressureWaits() {
        return inFlight.waits();
    }

    /** Bytes sent and not yet acknowledged. */
    public long inFlightBytes() {
        return inFlight.current();
    }
}

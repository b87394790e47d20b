package na64.daq.farm.readout;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.LiteTimeoutBlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;

import na64.daq.pipeline.FragmentArenas;
import na64.daq.pipeline.IngestEntry;
import na64.daq.pipeline.Counter;
import na64.daq.pipeline.NanoClock;
import na64.daq.config.RunConfig;
import na64.daq.farm.FarmTopics;
import na64.daq.farm.KafkaSettings;
import na64.daq.ingest.IngestServer;
import na64.daq.ingest.StallClock;

/**
 * The readout role: today's ingest ({@link IngestServer}: protocol v1 with every rule, cap,
 * refusal and counter of {@code daq serve}) publishing into a ring whose consumer is a
 * {@link KafkaForwarder} instead of the event builder. The seam is the ring entry
 * ({@link IngestEntry}), so the readout needs nothing of the ingest's internals.
 *
 * <p>The producer is idempotent with {@code acks=all} and retries without end (a broker that is
 * away only delays; the in-flight bound turns that into backpressure). Closing stops the ingest
 * (connections deliver whole frames read), drains the ring into Kafka, sends SHUTDOWN to every
 * partition and waits for every acknowledgement.
 */
public final class Readout implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Readout.class);
    /** Default bound on unacknowledged bytes; the producer's buffer is twice this, so it never blocks itself. */
    public static final long DEFAULT_IN_FLIGHT_BYTES = 16L << 20;

    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaForwarder forwarder;
    private final RingBuffer<IngestEntry> ring;
    private final BatchEventProcessor<IngestEntry> processor;
    private final Thread thread;
    private final IngestServer ingest;
    private final int partitions;
    /** Entries the forwarder failed on (logged); each is a loss. */
    public final Counter forwardErrors = new Counter();
    private boolean closed;

    private Readout(RunConfig config, String bootstrap, FarmTopics topics, int partitions, long maxInFlightBytes) {
        this.partitions = partitions;
        this.producer = new KafkaProducer<>(producerConfig(bootstrap, maxInFlightBytes));
        StallClock clock = new StallClock(NanoClock.SYSTEM);
        this.ring = RingBuffer.createSingleProducer(IngestEntry::new, config.builder().ringSize(),
                new LiteTimeoutBlockingWaitStrategy(KafkaForwarder.TICK_NANOS, TimeUnit.NANOSECONDS));
        FragmentArenas arenas = new FragmentArenas(config);
        this.forwarder = new KafkaForwarder(producer, topics.frames(), partitions, clock, maxInFlightBytes, arenas,
                config.sources().size());
        this.processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), forwarder);
        processor.setExceptionHandler(new ForwardErrors());
        ring.addGatingSequences(processor.getSequence());
        this.thread = new Thread(processor, "kafka-forwarder");
        this.ingest = new IngestServer(config, ring, arenas, new na64.daq.trigger.Reconstructor(config), NanoClock.SYSTEM, clock);
    }

    /** Creates the topics if needed ({@code partitions} for a new frames topic) and starts on {@code host:port}. */
    public static Readout start(RunConfig config, String bootstrap, FarmTopics topics, int partitions, String host, int port,
                                long maxInFlightBytes) throws InterruptedException {
        int actual = topics.create(bootstrap, partitions);
        Readout r = new Readout(config, bootstrap, topics, actual, maxInFlightBytes);
        r.thread.start();
        try {
            r.ingest.start(host, port);
        } catch (RuntimeException | InterruptedException e) {
            r.close();
            throw e;
        }
        LOG.info("readout listening on {} for {} sources, producing to {} ({} partitions) at {}", r.ingest.address(),
                config.sources().size(), topics.frames(), actual, bootstrap);
        return r;
    }

    static Map<String, Object> producerConfig(String bootstrap, long maxInFlightBytes) {
        Map<String, Object> c = new HashMap<>(KafkaSettings.reliableProducer(bootstrap, "na64-readout"));
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2 * maxInFlightBytes + (8L << 20));
        c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20);
        return c;
    }

    public InetSocketAddress address() {
        return ingest.address();
    }

    public IngestServer ingest() {
        return ingest;
    }

    public KafkaForwarder forwarder() {
        return forwarder;
    }

    public KafkaProducer<byte[], byte[]> producer() {
        return producer;
    }

    public int partitions() {
        return partitions;
    }

    /** Ingest closed, ring drained into Kafka, SHUTDOWN sent everywhere, all acknowledged. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ingest.close();
        while (thread.isAlive() && processor.getSequence().get() < ring.getCursor()) {
            Thread.onSpinWait();
            Thread.yield();
        }
        processor.halt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forwarder.shutdown();
        producer.close();
        LOG.info("readout stopped: {} records ({} bytes) acknowledged by Kafka, {} lost", forwarder.records.get(),
                forwarder.bytes.get(), forwarder.failures.get() + forwardErrors.get());
    }

    /** Counts and logs an entry the forwarder failed on; the ring goes on. */
    private final class ForwardErrors implements ExceptionHandler<IngestEntry> {
        @Override
        public void handleEventException(Throwable ex, long sequence, IngestEntry event) {
            forwardErrors.increment();
            LOG.error("readout could not forward ring entry {} (kind {}, source {}): it is lost", sequence,
                    event == null ? -1 : event.kind, event == null ? -1 : event.sourceId, ex);
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            LOG.error("kafka forwarder failed to start", ex);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            LOG.error("kafka forwarder failed to stop", ex);
        }
    }
}

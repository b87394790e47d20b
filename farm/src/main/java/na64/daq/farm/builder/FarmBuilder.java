package na64.daq.farm.builder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.store.StoreSink;
import na64.daq.pipeline.Counter;
import na64.daq.config.RunConfig;
import na64.daq.farm.FarmTopics;
import na64.daq.farm.KafkaSettings;
import na64.daq.farm.merge.Partial;
import na64.daq.store.EventStore;
import na64.daq.pipeline.SpillSummary;

/**
 * The builder role: one member of the builders' consumer group on the frames topic, with one
 * {@link PartitionBuilder} per partition it owns, all on this one thread, writing to one
 * Chronicle store. Closed spills become partials on the partials topic (acknowledged before their
 * records may be committed). Offsets are committed every {@link #COMMIT_INTERVAL_MS}, on revoke and
 * at stop, each with its {@link CommitMetadata}; see {@link SpillTracker} for what may be committed.
 *
 * <p>On assignment of a partition the builder reads the committed offset and metadata, collects the
 * keys of events that earlier owners stored ({@link StoredKeys}) and rebuilds from the committed
 * offset; a partition never committed before gets offset 0 committed at once with this builder's
 * store in its metadata, so whoever takes it over next knows where to look.
 */
public final class FarmBuilder implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FarmBuilder.class);
    static final long COMMIT_INTERVAL_MS = 500;

    private final RunConfig config;
    private final FarmTopics topics;
    private final String storePath;
    private final EventStore store;
    private final StoreSink storeSink;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> partials;
    private final Map<Integer, PartitionBuilder> owned = new ConcurrentHashMap<>();
    private final Map<Integer, CommitMetadata> metadata = new HashMap<>();
    private final Map<Integer, Long> lastCommitted = new HashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private int partitions;
    private RunConfig partitionConfig;
    private long lastCommitMs;
    private volatile long lag;
    /** Rebuilt events not stored again, over all partitions this builder ever owned. */
    public final Counter deduplicated = new Counter();
    public final Counter partialsPublished = new Counter();
    public final Counter recordsConsumed = new Counter();

    public FarmBuilder(RunConfig config, String bootstrap, FarmTopics topics, Path storeDir, String node) {
        this.config = config;
        this.topics = topics;
        this.storePath = storeDir.toAbsolutePath().toString();
        this.store = EventStore.open(storeDir, config.store().syncAtSpillEnd());
        this.storeSink = new StoreSink(store, config.store().storeIncomplete());
        this.consumer = new KafkaConsumer<>(KafkaSettings.consumer(bootstrap, topics.group(), node));
        this.partials = new KafkaProducer<>(KafkaSettings.reliableProducer(bootstrap, "na64-builder-" + node));
    }

    @Override
    public void run() {
        try {
            partitions = awaitTopic();
            partitionConfig = PartitionConfig.of(config, partitions);
            consumer.subscribe(List.of(topics.frames()), new Rebalance());
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (TopicPartition tp : records.partitions()) {
                    PartitionBuilder pb = owned.get(tp.partition());
                    for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                        pb.onRecord(r.offset(), r.value());
                        recordsConsumed.increment();
                    }
                }
                if (System.currentTimeMillis() - lastCommitMs >= COMMIT_INTERVAL_MS) {
                    commit(owned.keySet());
                    measureLag();
                }
            }
            commit(owned.keySet());
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
            commit(owned.keySet());
        } finally {
            consumer.close(); // leaves the group: the partitions move to the others at once
            partials.close();
            store.close();
            stopped.countDown();
        }
    }

    /** The frames topic's partition count, once the topic exists (a builder may start before the readout). */
    private int awaitTopic() {
        while (!stopping) {
            List<org.apache.kafka.common.PartitionInfo> parts = consumer.partitionsFor(topics.frames(), Duration.ofSeconds(60));
            if (parts != null && !parts.isEmpty()) {
                return parts.size();
            }
            LOG.info("waiting for topic {} (created by the readout or daq farm run)", topics.frames());
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new WakeupException();
    }

    /** Records behind the log end over the owned partitions, from the consumer's last fetches (no request). */
    private void measureLag() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            lag += consumer.currentLag(tp).orElse(0);
        }
        this.lag = lag;
    }

    /** Consumer lag in records, summed over the owned partitions, as of the last commit interval. */
    public long lag() {
        return lag;
    }

    /** Publishes one partition's partial summary and waits for Kafka's acknowledgement. */
    private void publish(int partition, SpillSummary s) {
        Partial p = new Partial(partition, partitions, s);
        try {
            partials.send(new ProducerRecord<>(topics.partials(), 0, p.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    p.encode())).get();
            partialsPublished.increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a partial summary", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused the partial summary of " + p.key(), e.getCause());
        }
    }

    private void commit(Collection<Integer> parts) {
        lastCommitMs = System.currentTimeMillis();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (int p : parts) {
            PartitionBuilder pb = owned.get(p);
            if (pb == null) {
                continue;
            }
            long at = pb.commitOffset();
            CommitMetadata md = metadata.get(p).committedAt(at, pb.below(), storePath);
            if (lastCommitted.getOrDefault(p, -1L) == at && md.equals(metadata.get(p))) {
                continue;
            }
            metadata.put(p, md);
            offsets.put(new TopicPartition(topics.frames(), p), new OffsetAndMetadata(at, md.encode()));
        }
        if (!offsets.isEmpty()) {
            commitSync(offsets);
        }
    }

    /**
     * Commits; a commit refused because a rebalance is under way is left for the next interval
     * (forgotten here, so it is sent again): nothing is lost, the next owner just rebuilds a little more.
     */
    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
            offsets.forEach((tp, om) -> lastCommitted.put(tp.partition(), om.offset()));
        } catch (RebalanceInProgressException | CommitFailedException e) {
            LOG.debug("commit postponed: {}", e.getMessage());
        }
    }

    private void take(Collection<TopicPartition> assigned) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(assigned));
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(assigned);
        Map<TopicPartition, OffsetAndMetadata> first = new HashMap<>();
        for (TopicPartition tp : assigned) {
            OffsetAndMetadata c = committed.get(tp);
            long offset = c == null ? begins.get(tp) : c.offset();
            CommitMetadata md = (c == null ? CommitMetadata.NONE : CommitMetadata.decode(c.metadata()))
                    .takenOverBy(storePath, ends.get(tp));
            Set<EventKey> stored = StoredKeys.read(md.stores(), tp.partition(), partitions, md.below(),
                    s -> LOG.warn("store {} of an earlier owner of partition {} is not readable here: events it "
                            + "stored may be stored again", s, tp.partition()));
            lastCommitted.remove(tp.partition());
            PartitionBuilder pb = new PartitionBuilder(partitionConfig, config.hash(), tp.partition(), offset, md,
                    storeSink, stored, this::publish, deduplicated);
            owned.put(tp.partition(), pb);
            metadata.put(tp.partition(), md);
            first.put(tp, new OffsetAndMetadata(offset, md.encode()));
            consumer.seek(tp, offset);
            LOG.info("partition {}: rebuilding from offset {} (log ends at {}), {} events already stored by {}",
                    tp.partition(), offset, ends.get(tp), stored.size(), md.stores());
        }
        commitSync(first);
    }

    /** Partitions this builder owns now. */
    public Set<Integer> ownedPartitions() {
        return Set.copyOf(owned.keySet());
    }

    /** The partition builders' counters, for metrics (read from other threads: single-writer counters). */
    public Map<Integer, na64.daq.builder.BuilderCounters> counters() {
        Map<Integer, na64.daq.builder.BuilderCounters> m = new HashMap<>();
        owned.forEach((p, pb) -> m.put(p, pb.counters()));
        return m;
    }

    public KafkaConsumer<byte[], byte[]> consumer() {
        return consumer;
    }

    public EventStore store() {
        return store;
    }

    /** Stops after the current poll: commits, leaves the group, closes the store. Blocks until done. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        stopped.await();
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (!assigned.isEmpty()) {
                take(assigned);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            commit(revoked.stream().map(TopicPartition::partition).toList());
            revoked.forEach(tp -> owned.remove(tp.partition()));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            lost.forEach(tp -> owned.remove(tp.partition()));
        }
    }
}

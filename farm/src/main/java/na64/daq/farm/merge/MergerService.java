package na64.daq.farm.merge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.pipeline.Counter;
import na64.daq.farm.FarmTopics;
import na64.daq.store.EventStore;
import na64.daq.store.EventStoreReader;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredRecord;
import na64.daq.store.StoredSpill;

/**
 * The spill merger: reads the partials topic from its beginning (it has one partition, so one
 * reader sees every partial in order), merges each spill's partials ({@link SpillMerge}) and
 * appends the merged summary to its own store, the farm's summaries. Spills already in that store
 * (a restarted merger) are not written again. No consumer group: it owns no offsets, the
 * merged store is its state.
 */
public final class MergerService implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MergerService.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partials;
    private final SpillMerge merge;
    private final EventStore store;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    public final Counter merged = new Counter();

    public MergerService(String bootstrap, FarmTopics topics, Path mergedStore, long timeoutMs) {
        this.merge = new SpillMerge(timeoutMs);
        if (Files.isDirectory(mergedStore) && EventStoreReader.isStore(mergedStore)) {
            try (EventStoreReader r = EventStoreReader.open(mergedStore)) {
                StoredRecord rec;
                while ((rec = r.next()) != null) {
                    if (rec instanceof StoredSpill s) {
                        merge.alreadyMerged(s.summary().run, s.summary().spill);
                    }
                }
            }
        }
        this.store = EventStore.open(mergedStore, true);
        this.partials = new TopicPartition(topics.partials(), 0);
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "na64-merger", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(partials));
        consumer.seekToBeginning(List.of(partials));
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                step();
            }
            drain();
        } catch (WakeupException e) {
            drain();
        } finally {
            if (merge.pendingSpills() > 0) {
                LOG.warn("merger stopped with spills still waiting for partials (they merge at the next start): {}",
                        merge.missingPartitions());
            }
            consumer.close();
            store.close();
            stopped.countDown();
        }
    }

    private void step() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            try {
                write(merge.add(Partial.decode(r.value()), System.currentTimeMillis()));
            } catch (RuntimeException e) {
                LOG.error("partials offset {}: {}", r.offset(), e.getMessage());
            }
        }
        List<SpillSummary> late = merge.expire(System.currentTimeMillis());
        if (!late.isEmpty()) {
            LOG.warn("spill(s) merged without every partition's partial (timeout): {}", late);
        }
        write(late);
    }

    /** Reads what the topic holds now, so a stop right after the last partial still merges it. */
    private void drain() {
        long end = consumer.endOffsets(List.of(partials)).get(partials);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (consumer.position(partials) < end && System.nanoTime() < deadline) {
            step();
        }
    }

    private void write(List<SpillSummary> summaries) {
        for (SpillSummary s : summaries) {
            store.appendSpill(s);
            merged.increment();
            LOG.info("merged run {} spill {}: {} complete, {} incomplete, accepted {}, closed by {}", s.run, s.spill,
                    s.complete, s.incomplete, java.util.Arrays.toString(s.accepted), s.closeReason);
        }
    }

    /** Partials ignored because one for the same spill and partition came first (rebuilds). */
    public long repeatedPartials() {
        return merge.repeatedPartials;
    }

    /** Stops after reading what the topic holds now. Blocks until done. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        stopped.await();
    }
}

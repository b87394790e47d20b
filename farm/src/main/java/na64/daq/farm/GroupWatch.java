package na64.daq.farm;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Looks at the builders' consumer group from outside (admin client): who owns what, how far it committed. */
public final class GroupWatch {
    private final String bootstrap;
    private final FarmTopics topics;

    public GroupWatch(String bootstrap, FarmTopics topics) {
        this.bootstrap = bootstrap;
        this.topics = topics;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Waits until {@code members} builders own all {@code partitions} partitions between them. */
    public void awaitOwned(int members, int partitions, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try (Admin a = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    ConsumerGroupDescription g = a.describeConsumerGroups(Set.of(topics.group())).all()
                            .get(10, TimeUnit.SECONDS).get(topics.group());
                    Set<TopicPartition> owned = new HashSet<>();
                    for (MemberDescription m : g.members()) {
                        owned.addAll(m.assignment().topicPartitions());
                    }
                    if (g.members().size() == members && owned.size() == partitions) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // the group coordinator is not there yet
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the " + members + " builders did not own the " + partitions
                + " partitions of " + topics.frames() + " within " + seconds + " s");
    }

    /** Waits until the group's committed offset of every frames partition is the partition's end; false on timeout. */
    public boolean awaitCommittedToEnd(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try (Admin a = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (lag(a) == 0) {
                        return true;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // retry
                }
                Thread.sleep(200);
            }
        }
        return false;
    }

    /** Records of the frames topic after the group's committed offsets, summed over partitions. */
    public long lag() throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin a = admin()) {
            return lag(a);
        }
    }

    private long lag(Admin a) throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = a.listConsumerGroupOffsets(topics.group())
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        int partitions = a.describeTopics(Set.of(topics.frames())).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topics.frames()).partitions().size();
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            ask.put(new TopicPartition(topics.frames(), p), OffsetSpec.latest());
        }
        long lag = 0;
        for (var e : a.listOffsets(ask).all().get(10, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }
}

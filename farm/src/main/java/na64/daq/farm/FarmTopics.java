package na64.daq.farm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The farm's Kafka layout. One farm uses, under its name {@code F}:
 * <pre>
 *  na64.F.frames    P partitions  every readout ring entry; a FRAGMENT goes to the partition of its
 *                                 event block, BEGIN/END_OF_SPILL, PROTOCOL_ERROR, TICK and
 *                                 SHUTDOWN go to every partition
 *  na64.F.partials  1 partition   each builder's summary of one spill over one frames partition
 *  group na64.F.builders          the builders' consumer group on the frames topic
 * </pre>
 * Topics are created with replication {@code min(3, brokers)}, {@code min.insync.replicas}
 * {@code min(2, brokers)} and unclean leader election off, so an acknowledged record survives a
 * broker loss.
 */
public record FarmTopics(String farm) {
    /** Consecutive events per routing block: larger producer batches, still spread over partitions. */
    public static final int EVENTS_PER_BLOCK = 8;

    public String frames() {
        return "na64." + farm + ".frames";
    }

    public String partials() {
        return "na64." + farm + ".partials";
    }

    public String group() {
        return "na64." + farm + ".builders";
    }

    /** The frames partition of event {@code (run, spill, event)} among {@code partitions}. */
    public static int partitionOf(long run, long spill, long event, int partitions) {
        long h = run * 0x9E3779B97F4A7C15L + spill * 0xC2B2AE3D27D4EB4FL + (event / EVENTS_PER_BLOCK) * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) Math.floorMod(h, (long) partitions);
    }

    /** Creates the topics if they do not exist; returns the frames topic's partition count. */
    public int create(String bootstrap, int partitions) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short rf = (short) Math.min(3, brokers);
            Map<String, String> conf = Map.of("unclean.leader.election.enable", "false",
                    "min.insync.replicas", String.valueOf(Math.min(2, brokers)));
            List<NewTopic> topics = new ArrayList<>();
            topics.add(new NewTopic(frames(), partitions, rf).configs(conf));
            topics.add(new NewTopic(partials(), 1, rf).configs(conf));
            for (NewTopic t : topics) {
                try {
                    admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + t.name() + ": " + e.getCause().getMessage(), e);
                    }
                }
            }
            return admin.describeTopics(Set.of(frames())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(frames()).partitions().size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not answer: " + e.getMessage(), e);
        }
    }
}

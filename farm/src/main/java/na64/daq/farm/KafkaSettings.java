package na64.daq.farm;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka client settings of the farm roles. The consumer commits by hand, starts a never-committed
 * partition at its beginning and uses cooperative rebalancing, so a builder joining or dying
 * moves only the partitions that must move. Its session timeout ({@code na64.farm.sessionTimeoutMs},
 * default 6 s) is how long a dead builder's partitions wait before another builder takes them.
 */
public final class KafkaSettings {
    private KafkaSettings() {
    }

    public static Map<String, Object> consumer(String bootstrap, String group, String node) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "na64-builder-" + node);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // the readout creates it, with its layout
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.getInteger("na64.farm.sessionTimeoutMs", 6000));
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 << 20); // bounded fetch buffers: the heap is for the event builders
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 << 20);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return c;
    }

    /** An idempotent, acks=all producer that never gives a record up (partials, merged results). */
    public static Map<String, Object> reliableProducer(String bootstrap, String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return c;
    }
}

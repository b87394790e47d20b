package na64.daq.farm.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local broker starts from the Maven artifacts, takes a topic, and round-trips a record on loopback. */
class LocalKafkaTest {
    @TempDir
    Path dir;

    @Test
    void startsOnLoopbackAndRoundTripsARecord() throws Exception {
        try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"), 256)) {
            assertThat(kafka.bootstrap()).startsWith("127.0.0.1:");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrap(),
                    "acks", "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("t", "k", "hello")).get();
            }
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrap()),
                    new StringDeserializer(), new StringDeserializer())) {
                TopicPartition tp = new TopicPartition("t", 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                ConsumerRecords<String, String> got = ConsumerRecords.empty();
                for (int i = 0; i < 50 && got.isEmpty(); i++) {
                    got = consumer.poll(Duration.ofMillis(200));
                }
                assertThat(got.records(tp)).extracting(r -> r.value()).containsExactly("hello");
            }
            assertThat(kafka.process().isAlive()).isTrue();
        }
    }
}

package na64.daq.trigger;

import na64.daq.testkit.Samples;
import na64.daq.testkit.TestConfigs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance with the independent implementation: every event line of the sample's
 * {@code .expected.jsonl} against this module's reconstruction and selection, fed straight from the
 * recorded fragments (no event builder involved).
 */
class ReconstructionMatchesSamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ENERGY_FIELDS = {"E_PS", "E_ECAL", "E_HCAL", "E_VETO", "E_SRD"};

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"reference-spill", "faulty-spill"})
    void energiesAndStreamsMatchTheIndependentImplementation(String sample) throws IOException {
        RunConfig config = TestConfigs.reference();
        Reconstructor reco = new Reconstructor(config);
        Selector selector = new Selector(config);
        int triggerSource = config.triggerSourceId();
        RecordedSpill spill = RecordedSpill.load(Samples.raw(sample));

        List<String> failures = new ArrayList<>();
        Map<List<Long>, int[]> acceptedPerSpill = new HashMap<>();
        List<JsonNode> spillLines = new ArrayList<>();
        int events = 0;
        int completeEvents = 0;
        int incompleteEvents = 0;
        Energies e = new Energies();
        for (JsonNode x : Samples.expectedLines(sample)) {
            if ("spill".equals(x.path("kind").asText())) {
                spillLines.add(x);
                continue;
            }
            if (!"event".equals(x.path("kind").asText())) {
                continue;
            }
            events++;
            RecordedSpill.Key key = new RecordedSpill.Key(x.get("run").asLong(), x.get("spill").asLong(), x.get("event").asLong());
            List<RecordedSpill.Fragment> fragments = spill.events.getOrDefault(key, List.of());

            e.clear();
            FragmentFlyweight trigger = null;
            TreeSet<Integer> missing = new TreeSet<>();
            config.sources().forEach(s -> missing.add(s.id()));
            for (RecordedSpill.Fragment fr : fragments) {
                FragmentFlyweight f = fr.flyweight();
                reco.add(fr.source(), f, e);
                missing.remove(fr.source());
                if (fr.source() == triggerSource) {
                    trigger = f;
                }
            }
            double[] actual = {e.ps(), e.ecal(), e.hcal(), e.veto(), e.srd()};
            for (int i = 0; i < ENERGY_FIELDS.length; i++) {
                double want = x.get(ENERGY_FIELDS[i]).asDouble();
                if (!close(actual[i], want)) {
                    failures.add(key + " " + ENERGY_FIELDS[i] + ": expected " + want + ", reconstructed " + actual[i]);
                }
            }
            TreeSet<Integer> expectedMissing = new TreeSet<>();
            x.get("missing").forEach(m -> expectedMissing.add(m.asInt()));
            if (!missing.equals(expectedMissing)) {
                failures.add(key + ": missing sources expected " + expectedMissing + ", file has " + missing);
            }

            boolean complete = x.get("complete").asBoolean();
            if (!complete) {
                incompleteEvents++;
                continue;
            }
            completeEvents++;
            if (trigger == null) {
                failures.add(key + ": complete event without a trigger-unit fragment");
                continue;
            }
            int triggerType = trigger.triggerType();
            if (triggerType != x.get("trigger_type").asInt()) {
                failures.add(key + ": trigger type expected " + x.get("trigger_type") + ", trigger unit sent " + triggerType);
            }
            boolean misaligned = false;
            for (RecordedSpill.Fragment fr : fragments) {
                FragmentFlyweight f = fr.flyweight();
                misaligned |= f.triggerType() != triggerType || f.triggerTime() != trigger.triggerTime();
            }
            int mask = selector.select(key.event(), triggerType, true, misaligned, e);
            List<String> expectedStreams = new ArrayList<>();
            x.get("streams").forEach(s -> expectedStreams.add(s.asText()));
            int expectedMask = Streams.mask(expectedStreams);
            if (mask != expectedMask) {
                failures.add(key + ": streams expected " + expectedStreams + ", selected " + Streams.names(mask) + " for " + e);
            }
            int[] perStream = acceptedPerSpill.computeIfAbsent(List.of(key.run(), key.spill()), k -> new int[Streams.COUNT]);
            for (int s = 0; s < Streams.COUNT; s++) {
                perStream[s] += (mask >> s) & 1;
            }
        }

        assertThat(failures).as("mismatches with %s.expected.jsonl", sample).isEmpty();
        assertThat(events).as("event lines compared").isGreaterThan(0);
        assertThat(completeEvents).as("complete events checked for streams").isGreaterThan(0);
        if (sample.startsWith("faulty")) {
            assertThat(incompleteEvents).as("the faulty spill has incomplete events").isGreaterThan(0);
            assertThat(spill.badCrc).as("corrupt frames skipped").isGreaterThan(0);
            assertThat(spill.duplicates).as("duplicates skipped").isGreaterThan(0);
        }
        assertThat(spillLines).isNotEmpty();
        for (JsonNode s : spillLines) {
            int[] got = acceptedPerSpill.getOrDefault(List.of(s.get("run").asLong(), s.get("spill").asLong()), new int[Streams.COUNT]);
            for (int bit = 0; bit < Streams.COUNT; bit++) {
                assertThat(got[bit]).as("run %s spill %s accepted into %s", s.get("run"), s.get("spill"), Streams.name(bit))
                        .isEqualTo(s.get("accepted").get(Streams.name(bit)).asInt());
            }
        }
    }

    /** 1e-6 relative, or 1e-9 absolute near zero. */
    private static boolean close(double actual, double expected) {
        double diff = Math.abs(actual - expected);
        return diff <= 1e-9 || diff <= 1e-6 * Math.max(Math.abs(actual), Math.abs(expected));
    }
}

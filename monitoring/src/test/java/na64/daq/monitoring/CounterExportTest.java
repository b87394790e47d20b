package na64.daq.monitoring;

import na64.daq.testkit.PromText;
import na64.daq.testkit.RepoFiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.pipeline.CounterDescriptor;
import na64.daq.pipeline.CounterRegistry;

/**
 * Monitoring exports the counter registry from the descriptors alone: every descriptor the stages
 * allocated is a family of the scrape with the descriptor's help, the per-source ones labelled by
 * source; the distinct error log is counted and listed in {@code /status}.
 */
class CounterExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyDescriptorIsAFamilyOfTheScrapeWithItsHelpText() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            Set<CounterDescriptor> allocated = f.counters.entries().stream().map(CounterRegistry.Registered::descriptor)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(CounterDescriptor.class)));
            assertThat(allocated).as("the stages allocate every described counter").isEqualTo(EnumSet.allOf(CounterDescriptor.class));

            PromText s = new PromText(m.scrape());
            for (CounterDescriptor d : CounterDescriptor.values()) {
                assertThat(s.helps).as(d + " in the scrape").containsEntry(d.prometheusName(), d.help());
            }
        }
    }

    @Test
    void everyDescriptorIsInTheMetricListOfTheOperationsGuide() throws Exception {
        String operations = Files.readString(RepoFiles.root().resolve("docs/operations.md"));
        for (CounterDescriptor d : CounterDescriptor.values()) {
            assertThat(operations).as(d + " documented").contains("`" + d.prometheusName());
        }
    }

    @Test
    void perSourceDescriptorsHaveOneSeriesPerSourceAndUnattributedOnlyWhenTheirScopeSaysSo() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            PromText s = new PromText(m.scrape());
            assertThat(s.find("daq_source_heartbeats_total")).extracting(x -> x.labels().get("source"))
                    .containsExactlyInAnyOrder("1", "2", "3", "4", "5");
            assertThat(s.find("daq_source_unmapped_channels_total")).extracting(x -> x.labels().get("source"))
                    .containsExactlyInAnyOrder("1", "2", "3", "4", "5", "unattributed");
        }
    }

    @Test
    void unmappedChannelsOfTheReconstructionAreExportedPerSource() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            f.reconstructor.unmappedCounter(5).add(3);
            f.reconstructor.unmappedCounter(9).add(2); // no such source

            PromText s = new PromText(m.scrape());
            assertThat(s.value("daq_source_unmapped_channels_total", "source", "5")).isEqualTo(3);
            assertThat(s.value("daq_source_unmapped_channels_total", "source", "unattributed")).isEqualTo(2);
            assertThat(s.value("daq_source_unmapped_channels_total", "source", "2")).isZero();
        }
    }

    @Test
    void statusListsTheDistinctErrorsWithFirstAndLastTimeAndTheMetricCountsThem() throws Exception {
        try (Fixture f = new Fixture(dir); DaqMonitoring m = DaqMonitoring.create(f.components, new TestOwner())) {
            for (int k = 0; k < 3; k++) { // one call site: one distinct error
                f.counters.errorLog().record(new IllegalStateException("store append failed"));
                f.clock.advanceMillis(2_000);
            }
            f.counters.errorLog().record(new ArithmeticException("/ by zero"));

            JsonNode errors = JSON.readTree(m.statusJson()).get("errors");
            assertThat(errors).hasSize(2);
            JsonNode first = errors.get(0);
            assertThat(first.get("type").asText()).isEqualTo(IllegalStateException.class.getName());
            assertThat(first.get("message").asText()).isEqualTo("store append failed");
            assertThat(first.get("count").asLong()).isEqualTo(3);
            assertThat(first.get("first_seen").asText()).isEqualTo("1970-01-01T00:16:40Z");
            assertThat(first.get("last_seen").asText()).isEqualTo("1970-01-01T00:16:44Z");
            assertThat(first.get("stack_trace").asText()).contains(CounterExportTest.class.getName());
            assertThat(errors.get(1).get("count").asLong()).isEqualTo(1);

            PromText s = new PromText(m.metrics().scrape());
            assertThat(s.value("daq_errors_total")).isEqualTo(4);
            assertThat(s.value("daq_errors_distinct")).isEqualTo(2);
            assertThat(s.value("daq_errors_not_kept_total")).isZero();
        }
    }
}

package na64.daq.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class CounterRegistryTest {
    private static final int[] SOURCES = {1, 2, 5};

    @Test
    void descriptorIdsAndNamesAreUnique() {
        CounterDescriptor[] all = CounterDescriptor.values();
        assertThat(Arrays.stream(all).map(CounterDescriptor::id)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(all).map(CounterDescriptor::prometheusName)).doesNotHaveDuplicates();
        assertThat(all).allSatisfy(d -> {
            assertThat(d.prometheusName()).startsWith("daq_");
            assertThat(d.help()).isNotBlank();
        });
    }

    @Test
    void meterNameDropsTheUnitAndTotalMicrometerAddsBack() {
        assertThat(CounterDescriptor.SOURCE_BYTES.meterName()).isEqualTo("daq.source.received");
        assertThat(CounterDescriptor.SOURCE_BACKPRESSURE.meterName()).isEqualTo("daq.source.backpressure");
        assertThat(CounterDescriptor.STORE_LAST_APPEND.meterName()).isEqualTo("daq.store.last.append");
        assertThat(CounterDescriptor.EVENTS_IN_FLIGHT.meterName()).isEqualTo("daq.events.in.flight");
        assertThat(CounterDescriptor.SOURCE_BACKPRESSURE.unit().export(1_500_000_000L)).isEqualTo(1.5);
    }

    @Test
    void perSourceCountersExpandToEveryConfiguredSourcePlusTheUnattributedBucket() {
        CounterRegistry r = new CounterRegistry(SOURCES);
        Counter[] frames = r.perSource(CounterDescriptor.SOURCE_FRAMES);
        Counter[] heartbeats = r.perSource(CounterDescriptor.SOURCE_HEARTBEATS);

        assertThat(frames).hasSize(4).doesNotHaveDuplicates();
        assertThat(heartbeats).hasSize(4);
        assertThat(r.entries(CounterDescriptor.SOURCE_FRAMES)).extracting(CounterRegistry.Registered::source)
                .containsExactly("1", "2", "5", "unattributed");
        // A per-source-only descriptor keeps a scratch unattributed counter that is not registered.
        assertThat(r.entries(CounterDescriptor.SOURCE_HEARTBEATS)).extracting(CounterRegistry.Registered::source)
                .containsExactly("1", "2", "5");
        assertThat(r.indexOf(5)).isEqualTo(2);
        assertThat(r.indexOf(3)).isEqualTo(3);
        assertThat(r.indexOf(70_000)).isEqualTo(3);
        assertThat(r.sourceLabel(r.indexOf(99))).isEqualTo(CounterRegistry.UNATTRIBUTED);
    }

    @Test
    void valuesWrittenThroughTheAllocatedCountersAreReadBackByDescriptorSourceAndLabel() {
        CounterRegistry r = new CounterRegistry(SOURCES);
        Counter[][] errors = r.perSource(CounterDescriptor.SOURCE_PROTOCOL_ERRORS, "bad_crc", "bad_type");
        Counter[] streams = r.labelled(CounterDescriptor.DECISIONS, "invisible", "calibration", "random");
        Counter complete = r.counter(CounterDescriptor.EVENTS_COMPLETE);

        errors[r.indexOf(2)][0].add(3);
        errors[r.indexOf(2)][1].add(4);
        errors[r.indexOf(77)][0].increment();
        streams[2].add(15);
        complete.add(1125);

        assertThat(r.value(CounterDescriptor.SOURCE_PROTOCOL_ERRORS, r.indexOf(2))).isEqualTo(7);
        assertThat(r.value(CounterDescriptor.SOURCE_PROTOCOL_ERRORS, r.sourceCount())).isEqualTo(1);
        assertThat(r.value(CounterDescriptor.SOURCE_PROTOCOL_ERRORS)).isEqualTo(8);
        assertThat(r.find(CounterDescriptor.SOURCE_PROTOCOL_ERRORS, r.indexOf(2), "bad_type").get()).isEqualTo(4);
        assertThat(r.find(CounterDescriptor.DECISIONS, -1, "random").get()).isEqualTo(15);
        assertThat(r.value(CounterDescriptor.EVENTS_COMPLETE)).isEqualTo(1125);
        assertThat(r.value(CounterDescriptor.EVENTS_INCOMPLETE)).as("never allocated").isZero();
    }

    @Test
    void entriesHaveUniqueIdsInAllocationOrder() {
        CounterRegistry r = new CounterRegistry(SOURCES);
        r.perSource(CounterDescriptor.SOURCE_FRAMES);
        r.counter(CounterDescriptor.EVENTS_COMPLETE);
        List<CounterRegistry.Registered> entries = r.entries();
        assertThat(entries).extracting(CounterRegistry.Registered::id).doesNotHaveDuplicates().isSorted();
        // The error log's three counters come first: the registry builds it.
        assertThat(entries).extracting(CounterRegistry.Registered::descriptor).startsWith(
                CounterDescriptor.ERRORS, CounterDescriptor.ERRORS_DISTINCT, CounterDescriptor.ERRORS_NOT_KEPT);
        assertThat(entries).hasSize(3 + 4 + 1);
    }

    @Test
    void aCounterCanBeAllocatedOnceAndOnlyWithTheMethodItsScopeAndLabelAsk() {
        CounterRegistry r = new CounterRegistry(SOURCES);
        r.counter(CounterDescriptor.EVENTS_COMPLETE);
        assertThatThrownBy(() -> r.counter(CounterDescriptor.EVENTS_COMPLETE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already allocated");
        assertThatThrownBy(() -> r.counter(CounterDescriptor.SOURCE_FRAMES)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.perSource(CounterDescriptor.EVENTS_COMPLETE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.counter(CounterDescriptor.DECISIONS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.perSource(CounterDescriptor.SOURCE_PROTOCOL_ERRORS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

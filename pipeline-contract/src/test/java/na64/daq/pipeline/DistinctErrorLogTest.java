package na64.daq.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class DistinctErrorLogTest {
    private static final long T0 = 1_700_000_000_000L;

    /** A hand-driven epoch-millisecond clock (daq-testkit depends on this module, so it is not at hand). */
    private final AtomicLong now = new AtomicLong(T0);
    private final CounterRegistry counters = new CounterRegistry(new int[] {1}, now::get, 2);
    private final DistinctErrorLog log = counters.errorLog();

    @Test
    void theSameErrorTwiceIsOneEntryCountedTwiceWithItsFirstAndLastTime() {
        long[] recorded = new long[2];
        for (int k = 0; k < 2; k++) { // one call site: the same stack trace, as a repeating failure has
            recorded[k] = log.record(fail("disk gone"));
            now.addAndGet(5_000);
        }

        assertThat(recorded).containsExactly(1, 2);

        assertThat(log.entries()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(IllegalStateException.class.getName());
            assertThat(e.message()).isEqualTo("disk gone");
            assertThat(e.count()).isEqualTo(2);
            assertThat(e.firstEpochMillis()).isEqualTo(T0);
            assertThat(e.lastEpochMillis()).isEqualTo(T0 + 5_000);
            assertThat(e.stackTrace()).contains("disk gone").contains(DistinctErrorLogTest.class.getName() + ".fail");
        });
        assertThat(counters.value(CounterDescriptor.ERRORS)).isEqualTo(2);
        assertThat(counters.value(CounterDescriptor.ERRORS_DISTINCT)).isEqualTo(1);
    }

    @Test
    void errorsWithDifferentMessagesAreDistinctEntries() {
        log.record(fail("event 1"));
        log.record(fail("event 2"));
        assertThat(log.entries()).extracting(DistinctErrorLog.Entry::message).containsExactly("event 1", "event 2");
        assertThat(counters.value(CounterDescriptor.ERRORS_DISTINCT)).isEqualTo(2);
    }

    @Test
    void errorsOfAnotherClassOrFromAnotherPlaceAreDistinct() {
        log.record(fail("x"));
        log.record(new IllegalArgumentException("x"));
        assertThat(log.entries()).extracting(DistinctErrorLog.Entry::type)
                .containsExactly(IllegalStateException.class.getName(), IllegalArgumentException.class.getName());
    }

    @Test
    void aFullLogKeepsTheFirstErrorsAndOnlyCountsNewOnes() {
        long[] recorded = new long[5];
        String[] messages = {"first", "second", "third", "fourth", "first"};
        for (int k = 0; k < messages.length; k++) {
            recorded[k] = log.record(fail(messages[k]));
        }

        // third and fourth do not fit (minus how many did not); a kept error still counts
        assertThat(recorded).containsExactly(1, 1, -1, -2, 2);

        assertThat(log.entries()).extracting(DistinctErrorLog.Entry::message).containsExactly("first", "second");
        assertThat(log.capacity()).isEqualTo(2);
        assertThat(counters.value(CounterDescriptor.ERRORS)).isEqualTo(5);
        assertThat(counters.value(CounterDescriptor.ERRORS_NOT_KEPT)).isEqualTo(2);
        assertThat(counters.value(CounterDescriptor.ERRORS_DISTINCT)).isEqualTo(2);
    }

    @Test
    void worthLoggingIsTheFirstObservationAndEveryThousandth() {
        assertThat(DistinctErrorLog.worthLogging(1)).isTrue();
        assertThat(DistinctErrorLog.worthLogging(2)).isFalse();
        assertThat(DistinctErrorLog.worthLogging(999)).isFalse();
        assertThat(DistinctErrorLog.worthLogging(1000)).isTrue();
        assertThat(DistinctErrorLog.worthLogging(-1)).isTrue();
        assertThat(DistinctErrorLog.worthLogging(-2)).isFalse();
        assertThat(DistinctErrorLog.worthLogging(-2000)).isTrue();
    }

    /** Always the same place, so two calls with one message make the same stack trace. */
    private static IllegalStateException fail(String message) {
        return new IllegalStateException(message);
    }
}

package na64.daq.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import na64.daq.config.ConfigLoader;
import na64.daq.emulator.Encoding;

/**
 * The pooled load generator, decoded frame by frame by {@link FrameCheckingServer}: every CRC-32C
 * right after the in-place rewrite, event numbers 1, 2, 3, ... and increasing trigger times within
 * each spill (also where the pool wraps inside a spill), END_OF_SPILL counts equal to what was sent,
 * the same events from every source, and the warm-up in spills of its own, outside the report.
 */
class LoadGeneratorTest {
    private static final int SOURCES = 5;

    @Test
    @Timeout(60)
    void pooledEventsAreRenumberedAndResignedAcrossPoolWrapsAndSpills() throws Exception {
        for (Encoding encoding : Encoding.values()) {
            try (FrameCheckingServer server = new FrameCheckingServer(SOURCES)) {
                LoadGenerator.Report r = new LoadGenerator(ConfigLoader.loadDefault(), new LoadGenerator.Options(encoding,
                        server.address(), 600, 0, 0, 60, 250, 100, 7, 11)).run(bytes -> { });

                assertThat(r.events()).isEqualTo(600);
                assertThat(r.warmupEvents()).isEqualTo(60);
                assertThat(r.warmupSpills()).isEqualTo(1);
                assertThat(r.spills()).isEqualTo(3);
                List<FrameCheckingServer.Source> sources = server.sources();
                assertThat(sources).hasSize(SOURCES);
                FrameCheckingServer.Source triggerUnit = sources.stream().filter(s -> s.id == 1).findFirst().orElseThrow();
                for (FrameCheckingServer.Source s : sources) {
                    assertThat(s.spills).containsExactly(1L, 2L, 3L, 4L);
                    assertThat(s.eventsPerSpill).containsExactly(60L, 250L, 250L, 100L);
                    // digitizers carry the trigger unit's trigger time for every event, pool wraps included
                    assertThat(s.times).isEqualTo(triggerUnit.times);
                    assertThat(s.eotPerSpill).allMatch(eot -> s.id == 1 ? eot > 0 : eot == -1);
                }
                assertThat(triggerUnit.times).hasSize(660);
            }
        }
    }

    @ParameterizedTest(name = "rate {0} Hz")
    @ValueSource(doubles = {20_000, 0})
    @Timeout(60)
    void aTimedRunEndsEverySourceAtTheSameEventWithConsistentEndOfSpillCounts(double rate) throws Exception {
        // flat out (rate 0) into a reader that takes each connection as fast as it can: the small
        // trigger-unit fragments must not run ahead of the calorimeters' (StopPoint.SKEW)
        try (FrameCheckingServer server = new FrameCheckingServer(SOURCES)) {
            LoadGenerator.Report r = new LoadGenerator(ConfigLoader.loadDefault(), new LoadGenerator.Options(Encoding.WAVEFORM,
                    server.address(), -1, 0.5, rate, 0, 3000, 64, 3, 5)).run(bytes -> { });

            List<FrameCheckingServer.Source> sources = server.sources();
            assertThat(r.events()).isPositive();
            assertThat(r.warmupSpills()).isZero();
            for (FrameCheckingServer.Source s : sources) {
                assertThat(s.eventsPerSpill).isEqualTo(sources.get(0).eventsPerSpill);
                assertThat(s.eventsPerSpill.stream().mapToLong(Long::longValue).sum()).isEqualTo(r.events());
                assertThat(s.spills).hasSize((int) r.spills()).first().isEqualTo(1L);
            }
        }
    }
}

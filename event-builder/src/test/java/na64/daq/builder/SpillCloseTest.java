package na64.daq.builder;

import static na64.daq.builder.TestFragments.ALL_SOURCES;
import static na64.daq.builder.TestFragments.ECAL_MAIN;
import static na64.daq.builder.TestFragments.ECAL_PS;
import static na64.daq.builder.TestFragments.HCAL;
import static na64.daq.builder.TestFragments.TRIGGER;
import static na64.daq.builder.TestFragments.VETO_SRD;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.protocol.ProtocolError;
import na64.daq.protocol.SpillMarkerFlyweight;
import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;

/**
 * When spills close (spec §6) and what their summary says: every source ended it; the spill timeout
 * passed, naming the sources that never ended it; or shutdown. Protocol errors go to the spill open
 * on the erring source's connection.
 */
class SpillCloseTest {
    private static final RunConfig CONFIG = ConfigLoader.loadDefault();
    private static final long SPILL_TIMEOUT_MS = CONFIG.builder().spillTimeoutMs();

    private final BuilderDriver d = new BuilderDriver(CONFIG);

    @Test
    void spillClosesWhenEverySourceEndedItWithTheTriggerUnitsCountsAndScalers() {
        d.beginOfSpill(ALL_SOURCES);
        for (long e = 1; e <= 3; e++) {
            d.fragments(e, ALL_SOURCES);
        }
        d.endOfSpill(3, ECAL_PS, ECAL_MAIN, HCAL, VETO_SRD);
        assertThat(d.sink.spills()).as("the trigger unit has not ended it").isEmpty();

        d.triggerUnitEndOfSpill(3, new long[] {SpillMarkerFlyweight.SCALER_EOT, 123_456},
                new long[] {SpillMarkerFlyweight.SCALER_TRIGGERS, 3});

        SpillSummary s = d.sink.onlySpill();
        assertThat(s.closeReason).isEqualTo(CloseReason.ALL_ENDED);
        assertThat(s.run).isEqualTo(BuilderDriver.RUN);
        assertThat(s.spill).isEqualTo(BuilderDriver.SPILL);
        assertThat(s.triggers).isEqualTo(3);
        assertThat(s.triggersFromTriggerUnit).isTrue();
        assertThat(s.complete).isEqualTo(3);
        assertThat(s.incomplete).isZero();
        assertThat(s.eot).isEqualTo(123_456);
        assertThat(s.triggersScaler).isEqualTo(3);
        assertThat(s.sourcesNotEnded).isEmpty();
        assertThat(s.accepted).containsExactly(0, 3, 0);
        assertThat(s.configHash).isEqualTo(CONFIG.hash());
        assertThat(d.counters().spillsClosed.get()).isEqualTo(1);
        assertThat(d.counters().spillsTimedOut.get()).isZero();
        assertThat(d.counters().eotTotal.get()).isEqualTo(123_456);
        assertThat(d.counters().openSpills.get()).isZero();
    }

    @Test
    void sourceThatNeverEndsTheSpillLetsItCloseByTimeoutNamingThatSource() {
        d.beginOfSpill(ALL_SOURCES);
        for (long e = 1; e <= 4; e++) {
            d.fragments(e, ALL_SOURCES);
        }
        d.triggerUnitEndOfSpill(4);
        d.endOfSpill(4, ECAL_PS, ECAL_MAIN, VETO_SRD);

        d.advanceMillis(SPILL_TIMEOUT_MS - 1).idle();
        assertThat(d.sink.spills()).as("one millisecond before the spill timeout").isEmpty();

        d.advanceMillis(1).idle();

        SpillSummary s = d.sink.onlySpill();
        assertThat(s.closeReason).isEqualTo(CloseReason.TIMEOUT);
        assertThat(s.sourcesNotEnded).containsExactly(HCAL);
        assertThat(s.triggers).isEqualTo(4);
        assertThat(s.complete).isEqualTo(4);
        assertThat(s.incomplete).isZero();
        assertThat(d.counters().spillsTimedOut.get()).isEqualTo(1);
    }

    @Test
    void spillTimeoutReleasesTheEventsStillWaitingForTheSilentSource() {
        RunConfig slowBuild = ConfigLoader.parse("builder: {buildTimeoutMs: 60000, spillTimeoutMs: 1000}\n", "test overlay");
        BuilderDriver driver = new BuilderDriver(slowBuild);
        driver.beginOfSpill(ALL_SOURCES);
        driver.fragments(1, ALL_SOURCES);
        driver.fragments(2, TRIGGER, ECAL_PS, ECAL_MAIN, VETO_SRD);
        driver.endOfSpill(2, TRIGGER, ECAL_PS, ECAL_MAIN, VETO_SRD);
        assertThat(driver.sink.events()).hasSize(1);

        driver.advanceMillis(1000).idle();

        assertThat(driver.sink.event(2)).hasValueSatisfying(e -> assertThat(e.missing()).containsExactly(HCAL));
        SpillSummary s = driver.sink.onlySpill();
        assertThat(s.closeReason).isEqualTo(CloseReason.TIMEOUT);
        assertThat(s.sourcesNotEnded).containsExactly(HCAL);
        assertThat(s.complete).isEqualTo(1);
        assertThat(s.incomplete).isEqualTo(1);
        assertThat(s.missingPerSource).containsExactly(java.util.Map.entry(HCAL, 1L));
    }

    @Test
    void spillWithoutTriggerUnitEndCountsTheHighestEventSeenAsTriggers() {
        d.beginOfSpill(ALL_SOURCES);
        d.fragments(1, ALL_SOURCES);
        d.fragments(5, ECAL_PS, ECAL_MAIN, HCAL, VETO_SRD);
        d.endOfSpill(5, ECAL_PS, ECAL_MAIN, HCAL, VETO_SRD);

        d.advanceMillis(SPILL_TIMEOUT_MS).idle();

        SpillSummary s = d.sink.onlySpill();
        assertThat(s.triggersFromTriggerUnit).isFalse();
        assertThat(s.triggers).isEqualTo(5);
        assertThat(s.sourcesNotEnded).containsExactly(TRIGGER);
    }

    @Test
    void shutdownReleasesEventsInFlightAndClosesOpenSpillsAsClosedByShutdown() {
        d.beginOfSpill(ALL_SOURCES);
        d.fragments(1, ALL_SOURCES);
        d.fragments(2, TRIGGER, ECAL_PS, HCAL);
        assertThat(d.counters().inFlight.get()).isEqualTo(1);

        d.builder.closeOpenSpills(CloseReason.SHUTDOWN);

        assertThat(d.sink.event(2)).hasValueSatisfying(e -> {
            assertThat(e.complete()).isFalse();
            assertThat(e.missing()).containsExactly(ECAL_MAIN, VETO_SRD);
        });
        SpillSummary s = d.sink.onlySpill();
        assertThat(s.closeReason).isEqualTo(CloseReason.SHUTDOWN);
        assertThat(s.sourcesNotEnded).containsExactly(1, 2, 3, 4, 5);
        assertThat(s.complete).isEqualTo(1);
        assertThat(s.incomplete).isEqualTo(1);
        assertThat(s.triggers).isEqualTo(2);
        assertThat(d.counters().inFlight.get()).isZero();
        assertThat(d.counters().openSpills.get()).isZero();
    }

    @Test
    void protocolErrorIsAttributedToTheSpillOpenOnThatSourcesConnection() {
        d.beginOfSpill(ALL_SOURCES);
        d.fragments(1, ALL_SOURCES);

        d.protocolError(ECAL_MAIN, ProtocolError.BAD_CRC);
        d.protocolError(ECAL_MAIN, ProtocolError.MALFORMED_PAYLOAD);

        assertThat(d.counters().protocolErrorsAttributed.get()).isEqualTo(2);
        d.endOfSpill(1, ALL_SOURCES);
        assertThat(d.sink.onlySpill().protocolErrors).isEqualTo(2);
    }

    @Test
    void protocolErrorOfAConnectionWithoutAnOpenSpillIsCountedUnattributed() {
        d.protocolError(0, ProtocolError.NO_HELLO);
        d.protocolError(ECAL_MAIN, ProtocolError.BAD_CRC);
        d.beginOfSpill(ALL_SOURCES);
        d.fragments(1, ALL_SOURCES);
        d.endOfSpill(1, ALL_SOURCES);

        assertThat(d.counters().protocolErrorsUnattributed.get()).isEqualTo(2);
        assertThat(d.counters().protocolErrorsAttributed.get()).isZero();
        assertThat(d.sink.onlySpill().protocolErrors).isZero();
    }
}

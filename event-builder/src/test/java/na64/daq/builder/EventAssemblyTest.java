package na64.daq.builder;

import na64.daq.testkit.RecordingSink;

import static na64.daq.builder.TestFragments.ALL_SOURCES;
import static na64.daq.builder.TestFragments.ECAL_MAIN;
import static na64.daq.builder.TestFragments.ECAL_PS;
import static na64.daq.builder.TestFragments.HCAL;
import static na64.daq.builder.TestFragments.TRIGGER;
import static na64.daq.builder.TestFragments.VETO_SRD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import na64.daq.testkit.RecordingSink.Built;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.trigger.Streams;

/**
 * How fragments become events: complete when every source delivered, incomplete (with the missing
 * sources listed) when a missing source moved past the event, ended the spill, or the build timeout
 * passed; misaligned events are flagged and never accepted; late fragments are counted, not built.
 */
class EventAssemblyTest {
    private static final RunConfig CONFIG = ConfigLoader.loadDefault();
    private static final long BUILD_TIMEOUT_MS = CONFIG.builder().buildTimeoutMs();

    private final BuilderDriver d = new BuilderDriver(CONFIG);

    @Test
    void eventIsReleasedCompleteOnlyWhenTheLastSourceDeliversAndIsSelectedOnItsEnergies() {
        int physics = FragmentFlyweight.TRIGGER_PHYSICS;
        long t = 7 * BuilderDriver.TIME_STEP;
        d.beginOfSpill(ALL_SOURCES);
        d.fragment(TRIGGER, 7, physics, t)
                .fragment(ECAL_PS, 7, physics, t, 0, 100)        // 100 counts x 5 MeV: E_PS 500 MeV
                .fragment(ECAL_MAIN, 7, physics, t, 14, 40)      // 40 x 25 MeV: E_ECAL 1 GeV (+ PS)
                .fragment(HCAL, 7, physics, t);
        assertThat(d.sink.events()).as("nothing released before the last source delivered").isEmpty();

        d.fragment(VETO_SRD, 7, physics, t, 8, 100);             // SRD module 0: 100 x 0.05 MeV = 5 MeV

        assertThat(d.sink.events()).hasSize(1);
        Built e = d.sink.events().get(0);
        assertThat(e.event()).isEqualTo(7);
        assertThat(e.complete()).isTrue();
        assertThat(e.missing()).isEmpty();
        assertThat(e.fragmentSources()).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(e.ePs()).isCloseTo(500, within(1e-9));
        assertThat(e.eEcal()).isCloseTo(1500, within(1e-9));
        assertThat(e.eSrd()).isCloseTo(5, within(1e-9));
        assertThat(e.streams()).as("passes every cut of the invisible stream").isEqualTo(Streams.maskOf(Streams.INVISIBLE));
        assertThat(d.counters().completeEvents.get()).isEqualTo(1);
        assertThat(d.counters().incompleteEvents.get()).isZero();
        assertThat(d.counters().acceptedPerStream[Streams.INVISIBLE].get()).isEqualTo(1);
        assertThat(d.counters().inFlight.get()).isZero();
    }

    @Test
    void eventMissingAFragmentIsReleasedIncompleteOnceThatSourceSendsALaterEvent() {
        d.beginOfSpill(ALL_SOURCES);
        d.fragments(1, TRIGGER, ECAL_PS, ECAL_MAIN, HCAL);
        d.fragments(2, TRIGGER, ECAL_PS, ECAL_MAIN, HCAL);
        assertThat(d.sink.events()).as("source 5 may still send event 1").isEmpty();

        d.fragments(2, VETO_SRD);

        assertThat(d.sink.event(2)).hasValueSatisfying(e -> assertThat(e.complete()).isTrue());
        assertThat(d.sink.event(1)).hasValueSatisfying(e -> {
            assertThat(e.complete()).isFalse();
            assertThat(e.missing()).containsExactly(VETO_SRD);
            assertThat(e.streams()).as("an incomplete RANDOM trigger is not accepted").isZero();
        });
        assertThat(d.counters().incompleteEvents.get()).isEqualTo(1);
        assertThat(d.counters().missingPerSource[4].get()).as("missing fragments of source 5").isEqualTo(1);
        assertThat(d.counters().acceptedPerStream[Streams.RANDOM].get()).isEqualTo(1);
    }

    @Test
    void eventMissingAFragmentIsReleasedIncompleteWhenThatSourceEndsTheSpillWithoutIt() {
        d.beginOfSpill(ALL_SOURCES);
        d.fragments(1, ALL_SOURCES);
        d.fragments(2, TRIGGER, ECAL_PS, ECAL_MAIN, VETO_SRD);
        assertThat(d.sink.events()).hasSize(1);

        d.endOfSpill(2, HCAL);

        assertThat(d.sink.event(2)).hasValueSatisfying(e -> {
            assertThat(e.complete()).isFalse();
            assertThat(e.missing()).containsExactly(HCAL);
        });
        assertThat(d.sink.spills()).as("the other sources have not ended the spill").isEmpty();
    }

    @Test
    void eventMissingAFragmentIsReleasedIncompleteWhenTheBuildTimeoutPasses() {
        d.beginOfSpill(ALL_SOURCES);
        d.fragments(1, TRIGGER, ECAL_PS, ECAL_MAIN, VETO_SRD);

        d.advanceMillis(BUILD_TIMEOUT_MS - 1).idle();
        assertThat(d.sink.events()).as("one millisecond before the build timeout").isEmpty();
        assertThat(d.counters().inFlight.get()).isEqualTo(1);

        d.advanceMillis(1).idle();

        assertThat(d.sink.events()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(1);
            assertThat(e.complete()).isFalse();
            assertThat(e.missing()).containsExactly(HCAL);
            assertThat(e.fragmentSources()).containsExactlyInAnyOrder(TRIGGER, ECAL_PS, ECAL_MAIN, VETO_SRD);
        });
        assertThat(d.counters().inFlight.get()).isZero();
    }

    @Test
    void fragmentArrivingAfterItsEventWasReleasedIsCountedLateAndBuildsNothing() {
        d.beginOfSpill(ALL_SOURCES);
        d.fragments(1, TRIGGER, ECAL_PS, ECAL_MAIN, HCAL);
        d.advanceMillis(BUILD_TIMEOUT_MS).idle();
        assertThat(d.sink.events()).hasSize(1);

        d.fragments(1, VETO_SRD);

        assertThat(d.sink.events()).as("no second event for the same key").hasSize(1);
        assertThat(d.counters().lateFragments.get()).isEqualTo(1);
        assertThat(d.counters().inFlight.get()).isZero();
        d.endOfSpill(1, ALL_SOURCES);
        assertThat(d.sink.onlySpill().late).isEqualTo(1);
        assertThat(d.sink.onlySpill().incomplete).isEqualTo(1);
        assertThat(d.sink.onlySpill().missingPerSource).containsEntry(VETO_SRD, 1L);
    }

    @Test
    void digitizerWithAnotherTriggerTimeMakesTheEventMisalignedCountedAndNeverAccepted() {
        d.beginOfSpill(ALL_SOURCES);
        d.fragments(1, TRIGGER, ECAL_PS, ECAL_MAIN, VETO_SRD);
        // HCAL's event numbers slipped: it sends the trigger time of another trigger.
        d.fragment(HCAL, 1, FragmentFlyweight.TRIGGER_RANDOM, 2 * BuilderDriver.TIME_STEP);

        assertThat(d.sink.events()).singleElement().satisfies(e -> {
            assertThat(e.complete()).isTrue();
            assertThat(e.misaligned()).isTrue();
            assertThat(e.streams()).as("a complete RANDOM trigger, but misaligned").isZero();
        });
        assertThat(d.counters().misalignedEvents.get()).isEqualTo(1);
        assertThat(d.counters().acceptedPerStream[Streams.RANDOM].get()).isZero();
        d.endOfSpill(1, ALL_SOURCES);
        assertThat(d.sink.onlySpill().misaligned).isEqualTo(1);
        assertThat(d.sink.onlySpill().accepted).containsExactly(0, 0, 0);
    }

    @Test
    void digitizerWithAnotherTriggerTypeMakesTheEventMisaligned() {
        d.beginOfSpill(ALL_SOURCES);
        d.fragments(1, TRIGGER, ECAL_PS, ECAL_MAIN, HCAL);
        d.fragment(VETO_SRD, 1, FragmentFlyweight.TRIGGER_PHYSICS, BuilderDriver.TIME_STEP);

        assertThat(d.sink.events()).singleElement().satisfies(e -> {
            assertThat(e.misaligned()).isTrue();
            assertThat(e.triggerType()).as("the trigger unit is the authority").isEqualTo(FragmentFlyweight.TRIGGER_RANDOM);
            assertThat(e.streams()).isZero();
        });
        assertThat(d.counters().misalignedEvents.get()).isEqualTo(1);
    }

    @Test
    void alignedCompleteRandomTriggerIsAcceptedIntoTheRandomStream() {
        d.beginOfSpill(ALL_SOURCES);
        d.fragments(1, ALL_SOURCES);

        assertThat(d.sink.events()).singleElement().satisfies(e -> {
            assertThat(e.misaligned()).isFalse();
            assertThat(e.streams()).isEqualTo(Streams.maskOf(Streams.RANDOM));
        });
        assertThat(d.counters().misalignedEvents.get()).isZero();
    }
}

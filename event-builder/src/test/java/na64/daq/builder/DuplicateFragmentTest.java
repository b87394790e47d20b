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
import na64.daq.protocol.FragmentFlyweight;

/**
 * Duplicates (spec §6): a second fragment for a key the source already sent, or an event number not
 * above the source's last, also after the event was released. Counted and dropped, never built twice.
 */
class DuplicateFragmentTest {
    private final BuilderDriver d = new BuilderDriver(ConfigLoader.loadDefault());

    @Test
    void sameKeyTwiceFromOneSourceIsCountedOnceAndTheEventStillCompletes() {
        d.beginOfSpill(ALL_SOURCES);
        d.fragments(1, TRIGGER, ECAL_PS);
        d.fragments(1, ECAL_PS);

        assertThat(d.counters().duplicates.get()).isEqualTo(1);
        assertThat(d.counters().inFlight.get()).isEqualTo(1);
        d.fragments(1, ECAL_MAIN, HCAL, VETO_SRD);

        assertThat(d.sink.events()).singleElement().satisfies(e -> {
            assertThat(e.complete()).isTrue();
            assertThat(e.fragmentSources()).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        });
        d.endOfSpill(1, ALL_SOURCES);
        assertThat(d.sink.onlySpill().duplicates).isEqualTo(1);
        assertThat(d.sink.onlySpill().complete).isEqualTo(1);
        assertThat(d.sink.onlySpill().fragmentsReceived).as("the duplicate was received, then dropped").isEqualTo(6);
    }

    @Test
    void eventNumberNotAboveTheSourcesLastIsADuplicateEvenForAKeyItNeverSent() {
        d.beginOfSpill(ALL_SOURCES);
        d.fragments(3, ECAL_PS);
        // Event 2 from ECAL-PS after its event 3: it sends in increasing order, so this cannot be new data.
        d.fragments(2, ECAL_PS);

        assertThat(d.counters().duplicates.get()).isEqualTo(1);
        d.fragments(2, TRIGGER, ECAL_MAIN, HCAL, VETO_SRD);
        d.fragments(3, TRIGGER, ECAL_MAIN, HCAL, VETO_SRD);

        assertThat(d.sink.event(3)).hasValueSatisfying(e -> assertThat(e.complete()).isTrue());
        assertThat(d.sink.event(2)).hasValueSatisfying(e -> {
            assertThat(e.complete()).isFalse();
            assertThat(e.missing()).containsExactly(ECAL_PS);
        });
    }

    @Test
    void fragmentResentAfterItsEventWasReleasedIsADuplicateNotASecondEvent() {
        d.beginOfSpill(ALL_SOURCES);
        d.fragments(1, ALL_SOURCES);
        assertThat(d.sink.events()).hasSize(1);

        d.fragments(1, HCAL);
        d.fragment(TRIGGER, 1, FragmentFlyweight.TRIGGER_PHYSICS, 99);

        assertThat(d.sink.events()).as("nothing rebuilt").hasSize(1);
        assertThat(d.counters().duplicates.get()).isEqualTo(2);
        assertThat(d.counters().lateFragments.get()).isZero();
        assertThat(d.counters().inFlight.get()).isZero();
        d.endOfSpill(1, ALL_SOURCES);
        assertThat(d.sink.onlySpill().duplicates).isEqualTo(2);
        assertThat(d.sink.onlySpill().complete).isEqualTo(1);
        assertThat(d.sink.onlySpill().incomplete).isZero();
    }
}

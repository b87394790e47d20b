package na64.daq.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How sources agree on where a timed segment ends. */
class StopPointTest {
    @Test
    void aFixedSegmentGrantsUpToItsEnd() {
        StopPoint p = StopPoint.after(100);

        assertThat(p.grant(64)).isEqualTo(64);
        assertThat(p.grant(128)).isEqualTo(100);
        assertThat(p.stop()).isEqualTo(100);
    }

    @Test
    void stoppingAnOpenSegmentEndsItAtTheHighestClaimSoEverySourceCanReachIt() {
        StopPoint p = StopPoint.open();
        assertThat(p.grant(4096)).isEqualTo(4096); // source A, ahead
        assertThat(p.grant(1000)).isEqualTo(1000); // source B, behind

        assertThat(p.stop()).isEqualTo(4096);
        assertThat(p.grant(5000)).as("A may not pass the end").isEqualTo(4096);
        assertThat(p.grant(2000)).as("B continues towards it").isEqualTo(2000);
        assertThat(p.grant(8192)).isEqualTo(4096);
        assertThat(p.stop()).as("the end never moves once fixed").isEqualTo(4096);
    }
}

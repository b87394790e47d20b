package na64.daq.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.Test;

/** How sources agree on where a timed segment ends. */
class StopPointTest {
    @Test
    void aFixedSegmentGrantsUpToItsEnd() {
        StopPoint p = StopPoint.after(2, 100);

        assertThat(p.grant(64)).isEqualTo(64);
        assertThat(p.grant(128)).isEqualTo(100);
        assertThat(p.stop()).isEqualTo(100);
    }

    @Test
    void stoppingAnOpenSegmentEndsItAtTheHighestClaimSoEverySourceCanReachIt() {
        StopPoint p = StopPoint.open(2);
        assertThat(p.grant(4096)).isEqualTo(4096); // source A, ahead
        assertThat(p.grant(1000)).isEqualTo(1000); // source B, behind

        assertThat(p.stop()).isEqualTo(4096);
        assertThat(p.grant(5000)).as("A may not pass the end").isEqualTo(4096);
        assertThat(p.grant(2000)).as("B continues towards it").isEqualTo(2000);
        assertThat(p.grant(8192)).isEqualTo(4096);
        assertThat(p.stop()).as("the end never moves once fixed").isEqualTo(4096);
    }

    @Test
    void aSourceWithinTheSkewOfTheSlowestIsNotHeldAndAFailedPeerReleasesOneThatIs() throws Exception {
        StopPoint p = StopPoint.open(2);
        p.advanced(0, StopPoint.SKEW + 100);
        p.advanced(1, 100);
        p.hold(0, StopPoint.SKEW + 100); // exactly SKEW ahead: goes on
        p.hold(1, 100); // the slowest never waits

        p.advanced(0, StopPoint.SKEW + 101);
        p.abort();
        assertThatThrownBy(() -> p.hold(0, StopPoint.SKEW + 101)).isInstanceOf(IOException.class);
    }
}

package na64.daq.trigger;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamsTest {
    @Test
    void namesMatchTheConfigurationAndExpectedOutput() {
        assertThat(Streams.name(Streams.INVISIBLE)).isEqualTo("invisible");
        assertThat(Streams.name(Streams.RANDOM)).isEqualTo("random");
        assertThat(Streams.name(Streams.CALIBRATION)).isEqualTo("calibration");
        assertThatThrownBy(() -> Streams.name(Streams.COUNT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maskAndNamesRoundTrip() {
        assertThat(Streams.ALL_MASK).isEqualTo(0b111);
        assertThat(Streams.names(Streams.ALL_MASK)).containsExactly("invisible", "random", "calibration");
        assertThat(Streams.names(0)).isEmpty();
        assertThat(Streams.mask(List.of("calibration", "invisible"))).isEqualTo(0b101);
        assertThat(Streams.bitOf("nope")).isEqualTo(-1);
        assertThatThrownBy(() -> Streams.mask(List.of("nope"))).isInstanceOf(IllegalArgumentException.class);
    }
}

package na64.daq.farm.builder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;

class PartitionConfigTest {
    @Test
    void aPartitionsBuilderKeepsTwiceItsShareOfTheEventsInFlightAndEverythingElse() {
        RunConfig run = ConfigLoader.loadDefault();
        RunConfig six = PartitionConfig.of(run, 6);
        assertThat(six.builder().maxInFlightEvents()).isEqualTo(4096); // 2 x 8192 / 6 = 2731, rounded up
        assertThat(six.builder().buildTimeoutMs()).isEqualTo(run.builder().buildTimeoutMs());
        assertThat(six.sources()).isEqualTo(run.sources());
        assertThat(PartitionConfig.of(run, 1)).isSameAs(run);
        assertThat(PartitionConfig.of(run, 2)).isSameAs(run);
        assertThat(PartitionConfig.of(run, 1000).builder().maxInFlightEvents()).isEqualTo(256);
    }
}

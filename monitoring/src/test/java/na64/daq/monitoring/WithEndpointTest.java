package na64.daq.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import na64.daq.config.ConfigException;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;

class WithEndpointTest {
    private final RunConfig base = ConfigLoader.loadDefault();

    @Test
    void nullsKeepTheConfiguredEndpointAndTheHashIsKept() {
        RunConfig c = DaqMonitoring.withEndpoint(base, null, null, null);
        assertThat(c.monitoring()).isEqualTo(base.monitoring());
        assertThat(c.hash()).isEqualTo(base.hash());
        assertThat(c.sources()).isEqualTo(base.sources());
    }

    @Test
    void portBindAndTokenOverrideTheConfig() {
        RunConfig c = DaqMonitoring.withEndpoint(base, "0.0.0.0", 0, "tok");
        assertThat(c.monitoring()).isEqualTo(new RunConfig.Monitoring("0.0.0.0", 0, "tok"));
        assertThat(DaqMonitoring.withEndpoint(base, null, -1, "").monitoring().port()).isEqualTo(-1);
    }

    @Test
    void aNonLoopbackBindWithoutTokenOrAPortOutOfRangeIsAConfigError() {
        assertThatThrownBy(() -> DaqMonitoring.withEndpoint(base, "0.0.0.0", 9464, null))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("monitoring.token:");
        assertThatThrownBy(() -> DaqMonitoring.withEndpoint(base, null, 70000, null))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("monitoring.port:");
        // disabled: no token needed wherever it would have bound
        assertThat(DaqMonitoring.withEndpoint(base, "0.0.0.0", -1, null).monitoring().port()).isEqualTo(-1);
    }

    @Test
    void loopbackIsDecidedOnLiteralsWithoutDns() {
        assertThat(Endpoint.isLoopback("127.0.0.1")).isTrue();
        assertThat(Endpoint.isLoopback("127.1.2.3")).isTrue();
        assertThat(Endpoint.isLoopback("localhost")).isTrue();
        assertThat(Endpoint.isLoopback("::1")).isTrue();
        assertThat(Endpoint.isLoopback("[::1]")).isTrue();
        assertThat(Endpoint.isLoopback("0.0.0.0")).isFalse();
        assertThat(Endpoint.isLoopback("10.0.0.1")).isFalse();
        assertThat(Endpoint.isLoopback("daq.cern.ch")).isFalse();
        assertThat(Endpoint.isLoopback("::")).isFalse();
    }
}

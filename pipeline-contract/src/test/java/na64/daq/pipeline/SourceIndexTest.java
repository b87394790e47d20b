package na64.daq.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;

/** The source-id table: configured ids map to their configuration position, every other id to NONE. */
class SourceIndexTest {
    private final RunConfig config = ConfigLoader.loadDefault();
    private final SourceIndex index = new SourceIndex(config);

    @Test
    void configuredSourcesMapToTheirPositionInTheConfiguration() {
        assertThat(index.count()).isEqualTo(config.sources().size());
        for (int i = 0; i < config.sources().size(); i++) {
            int id = config.sources().get(i).id();
            assertThat(index.of(id)).isEqualTo(i);
            assertThat(index.id(i)).isEqualTo(id);
        }
    }

    @Test
    void idsTheConfigurationDoesNotNameAndIdsOutsideU16HaveNoIndex() {
        assertThat(index.of(0)).isEqualTo(SourceIndex.NONE);
        assertThat(index.of(65535)).isEqualTo(SourceIndex.NONE);
        assertThat(index.of(65536)).isEqualTo(SourceIndex.NONE);
        assertThat(index.of(-1)).isEqualTo(SourceIndex.NONE);
    }
}

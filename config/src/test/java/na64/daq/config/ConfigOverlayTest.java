package na64.daq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user file is laid over the embedded default: mappings merge, lists and scalars replace. */
class ConfigOverlayTest {

    private final RunConfig def = ConfigLoader.loadDefault();

    @Test
    void fileWithOneNestedValueChangesOnlyThatValue(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("run.yaml");
        Files.writeString(f, "streams: {invisible: {ecal: {fraction: 0.3}}}\n");

        RunConfig c = ConfigLoader.load(f);

        assertThat(c.streams().invisible().ecal().fraction()).isEqualTo(0.3);
        assertThat(c.streams().invisible().srd()).isEqualTo(def.streams().invisible().srd());
        assertThat(c.streams().random()).isEqualTo(def.streams().random());
        assertThat(c.sources()).isEqualTo(def.sources());
        assertThat(c.channelMap()).isEqualTo(def.channelMap());
    }

    @Test
    void emptyOrCommentOnlyTextGivesTheDefault() {
        assertThat(ConfigLoader.parse("", "empty")).isEqualTo(def);
        assertThat(ConfigLoader.parse("# nothing to change\n", "comments")).isEqualTo(def);
    }

    @Test
    void listsReplaceTheDefaultListWhole() {
        RunConfig c = ConfigLoader.parse("""
                channelMap:
                  - {source: 2, first: 0, count: 36, detector: ecal_ps, calibration: 6}
                ingest:
                  allowedPeers: [10.0.0.21, 10.0.0.22]
                """, "run.yaml");

        assertThat(c.channelMap()).containsExactly(
                new RunConfig.ChannelRange(2, 0, 36, RunConfig.Detector.ECAL_PS, 6, List.of()));
        assertThat(c.ingest().allowedPeers()).containsExactly("10.0.0.21", "10.0.0.22");
        assertThat(c.ingest().port()).isEqualTo(5555);
    }

    @Test
    void enumValuesAreCaseInsensitive() {
        RunConfig c = ConfigLoader.parse("""
                sources:
                  - {id: 1, name: T, kind: Trigger, channels: 0}
                  - {id: 7, name: A, kind: MSADC, channels: 4}
                channelMap:
                  - {source: 7, first: 0, count: 2, detector: Ecal_Main, calibration: 1}
                  - {source: 7, first: 2, count: 2, detector: ecal-ps, calibration: 1}
                """, "run.yaml");

        assertThat(c.source(1).kind()).isEqualTo(RunConfig.SourceKind.TRIGGER);
        assertThat(c.source(7).kind()).isEqualTo(RunConfig.SourceKind.MSADC);
        assertThat(c.channelMap().get(0).detector()).isEqualTo(RunConfig.Detector.ECAL_MAIN);
        assertThat(c.channelMap().get(1).detector()).isEqualTo(RunConfig.Detector.ECAL_PS);
    }

    @Test
    void perChannelCalibrationsMayReplaceTheSingleConstant() {
        RunConfig c = ConfigLoader.parse("""
                channelMap:
                  - {source: 5, first: 8, count: 3, detector: SRD, calibrations: [0.04, 0.05, 0.06]}
                """, "run.yaml");

        RunConfig.ChannelRange r = c.channelMap().get(0);
        assertThat(r.calibrationOf(8)).isEqualTo(0.04);
        assertThat(r.calibrationOf(10)).isEqualTo(0.06);
    }

    @Test
    void tokenMayBeSetAndMonitoringOpenedBeyondLoopback() {
        RunConfig c = ConfigLoader.parse("monitoring: {bindAddress: 0.0.0.0, token: s3cret}", "run.yaml");

        assertThat(c.monitoring()).isEqualTo(new RunConfig.Monitoring("0.0.0.0", 9464, "s3cret"));
    }

    @Test
    void missingFileIsReportedByItsPath(@TempDir Path dir) {
        Path f = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(f)).isInstanceOf(ConfigException.class)
                .hasMessage(f + ": no such file");
    }

    @Test
    void directoryIsNotAConfigFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessage(dir + ": is a directory, not a file");
    }

    @Test
    void mergeKeepsUntouchedDefaultsWhenAMappingIsOverlaid() {
        RunConfig c = ConfigLoader.parse("builder: {ringSize: 1024}\nstore: {path: /data/run42}", "run.yaml");

        assertThat(c.builder()).isEqualTo(new RunConfig.Builder(2000, 15000, 8192, 1024));
        assertThat(c.store()).isEqualTo(new RunConfig.Store("/data/run42", true, false));
    }
}

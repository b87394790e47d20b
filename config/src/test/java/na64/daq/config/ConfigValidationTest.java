package na64.daq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every validation rule rejects its violation with exactly one line naming the field and the reason. */
class ConfigValidationTest {

    /** Two sources (trigger + one 4-channel digitizer) and no channel map: a minimal valid base. */
    private static final String TWO_SOURCES = """
            channelMap: []
            sources:
              - {id: 1, name: T, kind: trigger, channels: 0}
              - {id: 2, name: A, kind: msadc, channels: 4}
            """;

    private static String sources(String... entries) {
        return "channelMap: []\nsources:\n" + String.join("", Stream.of(entries).map(e -> "  - " + e + "\n").toList());
    }

    private static String map(String... entries) {
        return TWO_SOURCES.replace("channelMap: []\n", "")
                + "channelMap:\n" + String.join("", Stream.of(entries).map(e -> "  - " + e + "\n").toList());
    }

    static Stream<Arguments> violations() {
        String t = "{id: 1, name: T, kind: trigger, channels: 0}";
        String a = "{id: 2, name: A, kind: msadc, channels: 4}";
        return Stream.of(
                Arguments.of("beam: {energyMeV: 0}", "beam.energyMeV: must be a finite number > 0, got 0"),
                Arguments.of("beam: {energyMeV: -5.5}", "beam.energyMeV: must be a finite number > 0, got -5.5"),
                Arguments.of("beam: {particle: ''}", "beam.particle: must not be empty"),
                Arguments.of(sources(t, a, "{id: 0, name: B, kind: msadc, channels: 4}"),
                        "sources[2].id: must be in 1..65534, got 0"),
                Arguments.of(sources(t, a, "{id: 65535, name: B, kind: msadc, channels: 4}"),
                        "sources[2].id: must be in 1..65534, got 65535"),
                Arguments.of(sources(t, a, "{id: 2, name: B, kind: msadc, channels: 4}"),
                        "sources[2].id: duplicate: sources[1] already has id 2"),
                Arguments.of(sources(t, "{id: 2, name: ' ', kind: msadc, channels: 4}"),
                        "sources[1].name: must not be empty"),
                Arguments.of(sources(t, a, "{id: 3, name: A, kind: msadc, channels: 4}"),
                        "sources[2].name: duplicate: sources[1] already has name \"A\""),
                Arguments.of(sources(a), "sources: exactly one source of kind trigger is required, found 0"),
                Arguments.of(sources(t, "{id: 2, name: T2, kind: trigger, channels: 0}"),
                        "sources: exactly one source of kind trigger is required, found 2"),
                Arguments.of(sources("{id: 1, name: T, kind: trigger, channels: 4}", a),
                        "sources[0].channels: must be 0 for the trigger unit, got 4"),
                Arguments.of(sources(t, "{id: 2, name: A, kind: msadc, channels: 0}"),
                        "sources[1].channels: must be in 1..65535, got 0"),
                Arguments.of(sources(t, "{id: 2, name: A, kind: msadc, channels: 65536}"),
                        "sources[1].channels: must be in 1..65535, got 65536"),
                Arguments.of(map("{source: 9, first: 0, count: 4, detector: HCAL, calibration: 1}"),
                        "channelMap[0].source: no source with id 9 is configured"),
                Arguments.of(map("{source: 1, first: 0, count: 4, detector: HCAL, calibration: 1}"),
                        "channelMap[0].source: source 1 (T) is not an msadc source"),
                Arguments.of(map("{source: 2, first: 2, count: 4, detector: HCAL, calibration: 1}"),
                        "channelMap[0]: channels 2..5 exceed source 2 (A) which has channels 0..3"),
                Arguments.of(map("{source: 2, first: 0, count: 3, detector: HCAL, calibration: 1}",
                                "{source: 2, first: 2, count: 2, detector: SRD, calibration: 1}"),
                        "channelMap[1]: channels 2..3 of source 2 overlap channelMap[0] (channels 0..2)"),
                Arguments.of(map("{source: 2, first: -1, count: 2, detector: HCAL, calibration: 1}"),
                        "channelMap[0].first: must be >= 0, got -1"),
                Arguments.of(map("{source: 2, first: 0, count: 0, detector: HCAL, calibration: 1}"),
                        "channelMap[0].count: must be >= 1, got 0"),
                Arguments.of(map("{source: 2, first: 0, count: 4, detector: HCAL, calibration: -1}"),
                        "channelMap[0].calibration: must be a finite number >= 0, got -1"),
                Arguments.of(map("{source: 2, first: 0, count: 4, detector: HCAL, calibration: 1e400}"),
                        "channelMap[0].calibration: must be a finite number >= 0, got Infinity"),
                Arguments.of(map("{source: 2, first: 0, count: 4, detector: HCAL, calibrations: [1, 2, 3]}"),
                        "channelMap[0].calibrations: must have one entry per channel (count 4), got 3"),
                Arguments.of(map("{source: 2, first: 0, count: 2, detector: HCAL, calibrations: [1, -0.5]}"),
                        "channelMap[0].calibrations[1]: must be a finite number >= 0, got -0.5"),
                Arguments.of("reconstruction: {pedestalSamples: 0}",
                        "reconstruction.pedestalSamples: must be in 1..64, got 0"),
                Arguments.of("reconstruction: {pedestalSamples: 65}",
                        "reconstruction.pedestalSamples: must be in 1..64, got 65"),
                Arguments.of("reconstruction: {thresholdCounts: -1}",
                        "reconstruction.thresholdCounts: must be >= 0, got -1"),
                Arguments.of("streams: {invisible: {srd: {min: 130}}}",
                        "streams.invisible.srd.min: must be <= srd.max (120), got 130"),
                Arguments.of("streams: {invisible: {ecal: {fraction: 1.7}}}",
                        "streams.invisible.ecal.fraction: must be in (0, 1], got 1.7"),
                Arguments.of("streams: {invisible: {ecal: {fraction: 0}}}",
                        "streams.invisible.ecal.fraction: must be in (0, 1], got 0"),
                Arguments.of("streams: {invisible: {hcal: {max: -1e400}}}",
                        "streams.invisible.hcal.max: must be a finite number, got -Infinity"),
                Arguments.of("streams: {invisible: {prescale: 0}}", "streams.invisible.prescale: must be >= 1, got 0"),
                Arguments.of("streams: {random: {prescale: -3}}", "streams.random.prescale: must be >= 1, got -3"),
                Arguments.of("streams: {calibration: {everyNth: 0}}",
                        "streams.calibration.everyNth: must be >= 1, got 0"),
                Arguments.of("builder: {buildTimeoutMs: 0}", "builder.buildTimeoutMs: must be > 0, got 0"),
                Arguments.of("builder: {spillTimeoutMs: -1}", "builder.spillTimeoutMs: must be > 0, got -1"),
                Arguments.of("ingest: {silenceTimeoutMs: 0}", "ingest.silenceTimeoutMs: must be > 0, got 0"),
                Arguments.of("builder: {buildTimeoutMs: 10000000000000}",
                        "builder.buildTimeoutMs: must be at most 3600000 (one hour), got 10000000000000"),
                Arguments.of("builder: {spillTimeoutMs: 3600001}",
                        "builder.spillTimeoutMs: must be at most 3600000 (one hour), got 3600001"),
                Arguments.of("ingest: {silenceTimeoutMs: 9223372036854775807, idleTimeoutMs: 3600000}",
                        "ingest.silenceTimeoutMs: must be at most 3600000 (one hour), got 9223372036854775807"),
                Arguments.of("ingest: {helloTimeoutMs: 0}", "ingest.helloTimeoutMs: must be > 0, got 0"),
                Arguments.of("ingest: {idleTimeoutMs: 4000000}",
                        "ingest.idleTimeoutMs: must be at most 3600000 (one hour), got 4000000"),
                Arguments.of("ingest: {idleTimeoutMs: 1000}", "ingest.idleTimeoutMs: must be >= ingest.silenceTimeoutMs (5000), got 1000"),
                Arguments.of("ingest: {maxPendingConnections: 0}", "ingest.maxPendingConnections: must be in 1..4096, got 0"),
                Arguments.of("builder: {ringSize: 1000}", "builder.ringSize: must be a power of two, got 1000"),
                Arguments.of("builder: {ringSize: 32}",
                        "builder.ringSize: must be a power of two in 64..4194304, got 32"),
                Arguments.of("builder: {maxInFlightEvents: 8388608}",
                        "builder.maxInFlightEvents: must be a power of two in 64..4194304, got 8388608"),
                Arguments.of("ingest: {port: 65536}", "ingest.port: must be in 0..65535, got 65536"),
                Arguments.of("ingest: {port: -1}", "ingest.port: must be in 0..65535, got -1"),
                Arguments.of("ingest: {bindAddress: ''}", "ingest.bindAddress: must not be empty"),
                Arguments.of("ingest: {allowedPeers: ['']}", "ingest.allowedPeers[0]: must not be empty"),
                Arguments.of("monitoring: {port: -2}", "monitoring.port: must be in 0..65535, or -1 to disable, got -2"),
                Arguments.of("monitoring: {bindAddress: 0.0.0.0}",
                        "monitoring.token: required when monitoring.bindAddress is not loopback (\"0.0.0.0\")"),
                Arguments.of("monitoring: {bindAddress: daq.example.org, token: ''}",
                        "monitoring.token: required when monitoring.bindAddress is not loopback (\"daq.example.org\")"),
                Arguments.of("store: {path: ''}", "store.path: must not be empty"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("violations")
    void eachViolationIsReportedAsExactlyOneLine(String yaml, String expected) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "run.yaml"));

        assertThat(e).as("no exception for %s", yaml).isNotNull();
        assertThat(e.problems()).containsExactly(expected);
        assertThat(e.getMessage()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            TWO_SOURCES,
            "monitoring: {port: -1, bindAddress: 0.0.0.0}",
            "monitoring: {bindAddress: localhost}",
            "monitoring: {bindAddress: '::1'}",
            "monitoring: {bindAddress: '[::1]'}",
            "monitoring: {bindAddress: 127.0.0.2}",
            "monitoring: {port: 0}",
            "ingest: {port: 0}",
            "builder: {ringSize: 64, maxInFlightEvents: 4194304}",
            "streams: {invisible: {ecal: {fraction: 1}, srd: {min: 120, max: 120}}}",
            "reconstruction: {pedestalSamples: 64, thresholdCounts: 0}"})
    void boundaryValuesAreAccepted(String yaml) {
        RunConfig c = ConfigLoader.parse(yaml, "run.yaml");

        assertThat(c.hash()).matches("[0-9a-f]{16}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "0:0:0:0:0:0:0:1"})
    void loopbackLiteralsAreRecognised(String address) {
        assertThat(Addresses.isLoopback(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "10.0.0.1", "128.0.0.1", "999.0.0.1", "::", "fe80::1", "daq.example.org", "127.example"})
    void otherAddressesAreNotLoopback(String address) {
        assertThat(Addresses.isLoopback(address)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void validationProblemsOfTheWholeFileComeTogether() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("""
                beam: {energyMeV: -1}
                builder: {ringSize: 1000, buildTimeoutMs: 0}
                streams: {invisible: {ecal: {fraction: 1.7}}}
                """, "run.yaml"));

        assertThat(e.problems()).isEqualTo(List.of(
                "beam.energyMeV: must be a finite number > 0, got -1",
                "streams.invisible.ecal.fraction: must be in (0, 1], got 1.7",
                "builder.buildTimeoutMs: must be > 0, got 0",
                "builder.ringSize: must be a power of two, got 1000"));
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
    }
}

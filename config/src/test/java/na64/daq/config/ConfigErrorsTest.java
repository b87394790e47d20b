package na64.daq.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Wrong types, unknown keys and YAML syntax errors: one line each, with the path or the position. */
class ConfigErrorsTest {

    private static List<String> problemsOf(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "run.yaml"));
        assertThat(e).as("no exception for %s", yaml).isNotNull();
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
        return e.problems();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            beam: {energyMeV: abc}                  | beam.energyMeV: expected a number, got "abc"
            beam: {energyMeV: '100'}                | beam.energyMeV: expected a number, got "100"
            builder: {ringSize: 1.5}                | builder.ringSize: expected an integer, got 1.5
            ingest: {port: 99999999999}             | ingest.port: expected an integer within ±2147483647, got 99999999999
            streams: {invisible: {enabled: maybe}}  | streams.invisible.enabled: expected true or false, got "maybe"
            sources: {a: 1}                         | sources: expected a list, got a mapping
            beam: 5                                 | beam: expected a mapping, got 5
            streams: {invisible: {srd: [1, 120]}}   | streams.invisible.srd: expected a mapping, got a list
            monitoring: {token: 123}                | monitoring.token: expected a string, got 123
            store: {path: null}                     | store.path: expected a string, got null
            ingest: {allowedPeers: [10.0.0.1, 7]}   | ingest.allowedPeers[1]: expected a string, got 7
            """)
    void wrongTypeIsNamedByPathAndValue(String yaml, String expected) {
        assertThat(problemsOf(yaml)).containsExactly(expected);
    }

    @Test
    void unknownEnumValueListsTheAllowedOnes() {
        assertThat(problemsOf("channelMap: [{source: 2, first: 0, count: 1, detector: foo, calibration: 1}]"))
                .containsExactly("channelMap[0].detector: expected one of ECAL_PS, ECAL_MAIN, HCAL, VETO, SRD, BEAM, "
                        + "got \"foo\"");
        assertThat(problemsOf("sources: [{id: 1, name: T, kind: timer, channels: 0}]\nchannelMap: []"))
                .containsExactly("sources[0].kind: expected one of TRIGGER, MSADC, got \"timer\"");
    }

    @Test
    void missingKeyInAListEntryIsRequired() {
        assertThat(problemsOf("channelMap: []\nsources: [{id: 1, name: T, kind: trigger, channels: 0}, {id: 2, name: A}]"))
                .containsExactly("sources[1].kind: required but missing", "sources[1].channels: required but missing");
        assertThat(problemsOf("channelMap: [{source: 2, first: 0, count: 1, detector: HCAL}]"))
                .containsExactly("channelMap[0].calibration: required but missing");
    }

    @Test
    void unknownKeysAreErrorsWithTheirPath() {
        assertThat(problemsOf("streams: {invisible: {ecal: {fractoin: 0.3}}}"))
                .containsExactly("streams.invisible.ecal.fractoin: unknown key (expected one of fraction)");
        assertThat(problemsOf("hash: abc"))
                .containsExactly("hash: unknown key (expected one of beam, sources, channelMap, reconstruction, "
                        + "streams, builder, ingest, store, monitoring)");
        assertThat(problemsOf("sources: [{id: 1, name: T, kind: trigger, channels: 0, colour: red}]\nchannelMap: []"))
                .containsExactly("sources[0].colour: unknown key (expected one of id, name, kind, channels)");
    }

    @Test
    void unreadableValueIsNotReportedAgainByValidation() {
        // A placeholder 0 for the unreadable energy must not also produce "must be > 0"; an unreadable kind
        // must not also produce "exactly one trigger" or a bad channel-map reference.
        assertThat(problemsOf("beam: {energyMeV: abc}")).hasSize(1);
        assertThat(problemsOf("""
                sources:
                  - {id: 1, name: T, kind: 7, channels: 0}
                  - {id: 2, name: A, kind: msadc, channels: 4}
                channelMap: [{source: 2, first: 0, count: 4, detector: HCAL, calibration: 1}]
                """)).containsExactly("sources[0].kind: expected one of TRIGGER, MSADC, got 7");
    }

    @Test
    void typeErrorsUnknownKeysAndRuleViolationsAreAllReportedAtOnce() {
        assertThat(problemsOf("""
                beam: {energyMeV: abc}
                builder: {ringSize: 1000}
                streams:
                  invisible: {ecal: {fraction: 1.7}, hcal: {mx: 5}}
                  calibration: {everyNth: 0}
                store: {path: ''}
                """)).containsExactly(
                "beam.energyMeV: expected a number, got \"abc\"",
                "streams.invisible.hcal.mx: unknown key (expected one of max)",
                "streams.invisible.ecal.fraction: must be in (0, 1], got 1.7",
                "streams.calibration.everyNth: must be >= 1, got 0",
                "builder.ringSize: must be a power of two, got 1000",
                "store.path: must not be empty");
    }

    @Test
    void yamlSyntaxErrorGivesOriginLineColumnAndShortReason() {
        assertThat(problemsOf("beam:\n  particle: e-\n  energyMeV: 5: 6\n"))
                .containsExactly("run.yaml: line 3, column 15: mapping values are not allowed here");
        assertThat(problemsOf("streams: {invisible: {prescale: 2}\nbuilder: {}\n"))
                .containsExactly("run.yaml: line 2, column 1: expected ',' or '}', but got <scalar>");
    }

    @Test
    void duplicateKeyIsASyntaxError() {
        List<String> p = problemsOf("builder:\n  ringSize: 1024\n  ringSize: 2048\n");
        assertThat(p).hasSize(1);
        assertThat(p.get(0)).startsWith("run.yaml: line 3, column ").endsWith(": Duplicate field 'ringSize'");
    }

    @Test
    void secondYamlDocumentIsRejected() {
        assertThat(problemsOf("builder: {ringSize: 1024}\n---\nbuilder: {ringSize: 2048}\n"))
                .containsExactly("run.yaml: line 3, column 1: more than one YAML document (a run file holds exactly one)");
    }

    @Test
    void topLevelMustBeAMapping() {
        assertThat(problemsOf("- beam\n- sources\n"))
                .containsExactly("run.yaml: the top level must be a mapping of sections (beam, sources, ...), got a list");
    }

    @Test
    void messagesCarryNoStackTraceOrMultiLineParserContext() {
        for (String yaml : List.of("a: [1, 2\nb: 3", "a: \"abc", "beam: {energyMeV: abc}\nx: 1")) {
            for (String line : problemsOf(yaml)) {
                assertThat(line).doesNotContain("\n").doesNotContain("\tat ").doesNotContain("Exception");
            }
        }
    }
}

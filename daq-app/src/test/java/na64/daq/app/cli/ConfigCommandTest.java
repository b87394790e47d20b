package na64.daq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.config.ConfigException;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;

/**
 * Issue 12, {@code daq config}: {@code --print} shows the effective configuration as YAML with its
 * hash, and that YAML is a complete file that loads back to the same configuration; {@code --check}
 * says {@code ok HASH} or prints exactly what {@code serve} prints at start-up for the same file.
 */
class ConfigCommandTest {
    private static final String CUT = "streams:\n  invisible:\n    ecal: {fraction: 0.3}\n";

    @TempDir
    Path dir;

    @Test
    void printWithoutConfigShowsTheEmbeddedDefaultWithItsHashAsYamlThatLoadsBackEqual() throws Exception {
        Cli.Run r = Cli.run(dir, "config", "--print");
        assertThat(r.exit()).as(r.all()).isZero();
        RunConfig def = ConfigLoader.loadDefault();
        assertThat(r.out().lines().limit(2)).containsExactly(
                "# Effective NA64 DAQ run configuration, hash " + def.hash(), "# from the embedded default");
        assertThat(ConfigLoader.parse(r.out(), "printed")).isEqualTo(def);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void printWithAConfigFileShowsItLaidOverTheDefaultAndThePrintedFileChecksToTheSameHash() throws Exception {
        Path cut = Files.writeString(dir.resolve("cut.yaml"), CUT);
        RunConfig expected = ConfigLoader.load(cut);
        Cli.Run r = Cli.run(dir, "config", "--print", "--config", cut.toString());
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(expected.hash()).isNotEqualTo(ConfigLoader.loadDefault().hash());
        assertThat(r.out()).startsWith("# Effective NA64 DAQ run configuration, hash " + expected.hash() + "\n")
                .contains("# from " + cut + " laid over the embedded default").contains("fraction: 0.3");

        Path printed = Files.writeString(dir.resolve("printed.yaml"), r.out());
        Cli.Run check = Cli.run(dir, "config", "--check", printed.toString());
        assertThat(check.exit()).as(check.all()).isZero();
        assertThat(check.out().trim()).isEqualTo("ok " + expected.hash());
    }

    @Test
    void checkOfAValidFileSaysOkWithItsHashAndExitsZero() throws Exception {
        Path cut = Files.writeString(dir.resolve("cut.yaml"), CUT);
        Cli.Run r = Cli.run(dir, "config", "--check", cut.toString());
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).isEqualTo("ok " + ConfigLoader.load(cut).hash() + "\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void checkOfAnInvalidFilePrintsOneLinePerProblemExactlyAsServeDoesAtStartUpAndExitsTwo() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"),
                "streams:\n  invisible:\n    ecal: {fraction: 1.5}\nbogus: 1\nbuilder: {ringSize: 100}\n");
        List<String> problems = problems(bad);
        assertThat(problems).hasSize(3);

        Cli.Run check = Cli.run(dir, "config", "--check", bad.toString());
        Cli.Run serve = Cli.run(dir, "serve", "--config", bad.toString(), "--port", "0", "--http-port", "-1",
                "--store", dir.resolve("store").toString());
        assertThat(check.exit()).as(check.all()).isEqualTo(2);
        assertThat(serve.exit()).as(serve.all()).isEqualTo(2);
        List<String> expected = new ArrayList<>();
        expected.add("invalid configuration:");
        problems.forEach(p -> expected.add("  " + p));
        assertThat(check.errLines()).containsExactlyElementsOf(expected).isEqualTo(serve.errLines());
        assertThat(check.out()).isEmpty();
        assertThat(check.all()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void checkOfAMissingFileNamesItAndExitsTwo() throws Exception {
        Path missing = dir.resolve("nope.yaml");
        Cli.Run r = Cli.run(dir, "config", "--check", missing.toString());
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("invalid configuration:", "  " + missing + ": no such file");
    }

    private static List<String> problems(Path file) {
        try {
            ConfigLoader.load(file);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError(file + " loaded");
    }
}

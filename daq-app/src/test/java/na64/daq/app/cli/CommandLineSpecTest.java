package na64.daq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import na64.daq.app.DaqMain;
import na64.daq.monitoring.BuildInfo;

/** picocli: descriptions, defaults and choices on every option; help, completion and version. */
class CommandLineSpecTest {
    @Test
    void everyOptionHasADescriptionItsDefaultAndItsChoices() {
        List<String> problems = new ArrayList<>();
        collect(new CommandLine(new DaqMain()), problems);
        assertThat(problems).isEmpty();
    }

    private static void collect(CommandLine cl, List<String> problems) {
        CommandSpec spec = cl.getCommandSpec();
        for (OptionSpec o : spec.options()) {
            String name = spec.qualifiedName() + " " + o.longestName();
            String d = String.join(" ", o.description());
            if (d.isBlank()) {
                problems.add(name + ": no description");
            }
            // description() is already interpolated: ${DEFAULT-VALUE} and ${COMPLETION-CANDIDATES} are filled in.
            if (o.defaultValue() != null && !d.contains("default " + o.defaultValue())) {
                problems.add(name + ": default " + o.defaultValue() + " not shown (use ${DEFAULT-VALUE})");
            }
            if (o.completionCandidates() != null && !o.type().equals(boolean.class)) {
                for (String choice : o.completionCandidates()) {
                    if (!d.contains(choice)) {
                        problems.add(name + ": choice " + choice + " not shown (use ${COMPLETION-CANDIDATES})");
                    }
                }
            }
        }
        cl.getSubcommands().values().forEach(sub -> collect(sub, problems));
    }

    @Test
    void helpSubcommandShowsACommandsOptionsWithDefaults() {
        String out = capture("help", "demo");
        assertThat(out).contains("--events", "Triggers per spill", "(default 20000)");
    }

    @Test
    void bashCompletionIsGenerated() {
        String out = capture("generate-completion");
        assertThat(out).contains("complete -F", "_picocli_daq", "demo", "efficiency");
    }

    @Test
    void theVersionIsTheBuildsVersion() {
        assertThat(capture("--version").trim()).isEqualTo("daq " + BuildInfo.version());
        assertThat(BuildInfo.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    private static String capture(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertThat(DaqMain.run(args)).isZero();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}

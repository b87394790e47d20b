package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import na64.daq.app.DaqMain;

/** {@code DaqMain.run(args)} in this JVM with its standard error captured. */
record Cli(int code, String err) {
    static synchronized Cli run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = DaqMain.run(args);
        } finally {
            System.setErr(saved);
        }
        return new Cli(code, buf.toString(StandardCharsets.UTF_8));
    }

    void assertNoStackTrace() {
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
    }

    void assertOneLine() {
        assertNoStackTrace();
        assertThat(err.lines().toList()).as("one line: %s", err).hasSize(1);
    }
}

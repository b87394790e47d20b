package na64.daq.app.sim;

import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.RawFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateCommandTest {
    @Test
    void simulateOutWritesAReproducibleFileWithTruth(@TempDir Path dir) throws Exception {
        for (String name : new String[] {"a", "b"}) {
            int code = new CommandLine(new SimulateCommand()).execute("--out", dir.resolve(name + ".na64raw").toString(),
                    "--spills", "2", "--events", "200", "--encoding", "peak", "--zs", "--seed", "9",
                    "--fault", "crc=0.01", "--fault", "missing=0.02");
            assertThat(code).isZero();
        }
        assertThat(Files.mismatch(dir.resolve("a.na64raw"), dir.resolve("b.na64raw"))).isEqualTo(-1L);
        assertThat(Files.readAllLines(dir.resolve("a.truth.jsonl"))).hasSize(400);
        int fragments = 0;
        try (RawFileReader r = RawFileReader.open(dir.resolve("a.na64raw"))) {
            while (r.next()) {
                fragments += r.type() == FrameHeader.TYPE_FRAGMENT ? 1 : 0;
            }
        }
        assertThat(fragments).isBetween(5 * 400 - 40, 5 * 400);
    }

    @Test
    void badOptionsAreOneLineUserErrors() {
        assertThat(new CommandLine(new SimulateCommand()).execute("--out", "x.na64raw", "--to", "h:1")).isNotZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulateCommand.parseHostPort("nohost"))
                .hasMessageContaining("HOST:PORT");
        assertThat(SimulateCommand.parseHostPort("127.0.0.1:5555")).containsExactly("127.0.0.1", "5555");
    }
}

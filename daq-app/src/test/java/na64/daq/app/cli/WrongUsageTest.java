package na64.daq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each wrong usage of issue 14 (and the start-up failures of issue 11 item 17) ends with exit code 2,
 * exactly one line on standard error that says what is wrong, and no stack trace.
 */
class WrongUsageTest {
    @TempDir
    Path dir;

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of(List.of("demo", "--events", "0"), "--events"),
                Arguments.of(List.of("demo", "--rate", "-5"), "--rate"),
                Arguments.of(List.of("demo", "--spills", "0"), "--spills"),
                Arguments.of(List.of("demo", "--spills", "many"), "--spills"),
                Arguments.of(List.of("demo", "--bogus"), "--bogus"),
                Arguments.of(List.of("simulate", "--aprime-mass", "0.3", "--out", "x.na64raw"), "mass"),
                Arguments.of(List.of("simulate", "--events", "0", "--out", "x.na64raw"), "events"),
                Arguments.of(List.of("simulate", "--to", "localhost:99999"), "port"),
                Arguments.of(List.of("efficiency", "--masses", "0.3"), "0.3"),
                Arguments.of(List.of("efficiency", "--events", "0"), "--events"),
                Arguments.of(List.of("replay", "no-such-file.na64raw"), "no-such-file"),
                Arguments.of(List.of("replay", "--speed", "0", "x"), "x"),
                Arguments.of(List.of("serve", "--http-port", "70000"), "70000"),
                Arguments.of(List.of("config"), "--print"),
                Arguments.of(List.of("config", "--print", "--check", "x.yaml"), "mutually exclusive"),
                Arguments.of(List.of("config", "--check", "x.yaml", "--config", "y.yaml"), "--config"),
                Arguments.of(List.of("diff", "x.na64raw"), "--against"),
                Arguments.of(List.of("diff", "no-such-file.na64raw", "--against", "b.yaml"), "no-such-file"),

                Arguments.of(List.of("serve", "--record", "r", "--record-max-mb", "0"), "--record-max-mb"));
    }

    @ParameterizedTest(name = "daq {0}")
    @MethodSource("badArguments")
    void aWrongValueIsOneLineAndExitTwo(List<String> args, String named) throws Exception {
        assertOneLine(Cli.run(dir, args.toArray(String[]::new)), named);
    }

    @Test
    void aBusyIngestPortNamesTheAddressAndPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(taken.getLocalPort());
            Cli.Run r = Cli.run(dir, "serve", "--bind", "127.0.0.1", "--port", port, "--http-port", "-1",
                    "--store", dir.resolve("store").toString());
            assertOneLine(r, "127.0.0.1:" + port);
        }
    }

    @Test
    void aBusyHttpPortNamesTheAddressAndPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(taken.getLocalPort());
            Cli.Run r = Cli.run(dir, "serve", "--port", "0", "--http-port", port, "--store", dir.resolve("store").toString());
            assertOneLine(r, "127.0.0.1:" + port);
        }
    }

    @Test
    void aStorePathThatIsAFileIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("store-file"), "not a directory");
        assertOneLine(Cli.run(dir, "serve", "--port", "0", "--http-port", "-1", "--store", file.toString()),
                file + ": is a file");
    }

    @Test
    void aStoreThatCannotBeWrittenIsNamed() throws Exception {
        Path store;
        if ("root".equals(System.getProperty("user.name"))) {
            store = Path.of("/proc/1"); // root passes permission bits; /proc takes no new files from anyone
        } else {
            store = Files.createDirectory(dir.resolve("read-only"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
        }
        Cli.Run r = Cli.run(dir, "serve", "--port", "0", "--http-port", "-1", "--store", store.toString());
        assertOneLine(r, "store " + store);
        assertThat(r.err()).contains("not writable");
    }

    @Test
    void aStoreUnderAFileCannotBeCreatedAndIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Path store = file.resolve("store");
        assertOneLine(Cli.run(dir, "serve", "--port", "0", "--http-port", "-1", "--store", store.toString()),
                "store " + store + ": cannot create");
    }

    @Test
    void aRecordingDirectoryThatIsAFileIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("rec-file"), "not a directory");
        assertOneLine(Cli.run(dir, "serve", "--port", "0", "--http-port", "-1", "--store", dir.resolve("store").toString(),
                "--record", file.toString()), "--record " + file + ": is a file");
    }

    private static void assertOneLine(Cli.Run r, String named) {
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.errLines()).as(r.all()).hasSize(1);
        assertThat(r.errLines().get(0)).as(r.all()).contains(named);
        assertThat(r.all()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    }
}

package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqMain;
import na64.daq.app.DaqService;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.ingest.IngestCounters;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.HelloFlyweight;
import na64.daq.protocol.ProtocolError;

/**
 * Issue 6, item 7, the edges of the service: the optional peer allow-list, the HTTP control refusing
 * to listen beyond loopback without a token, no Java serialization (nor polymorphic JSON/YAML typing)
 * anywhere in the code, and malformed input files refused with exit code 2 and one clear line,
 * never a stack trace. (The 1 MiB cap checked on the header before any allocation, and unknown
 * source ids, are tested in daq-ingest's FramingErrorTest and ConnectionRefusalTest, and exercised
 * again by {@link FrameFuzzTest}.)
 */
class EdgeSecurityTest {
    @TempDir
    Path dir;

    @Test
    void peerOutsideTheAllowListIsRefusedWithAnErrorFrameBeforeAnyFrameIsRead() throws Exception {
        RunConfig onlyElsewhere = ConfigLoader.parse("monitoring: {port: -1}\ningest: {allowedPeers: [192.0.2.7]}\n", "allow-list");
        try (DaqService service = DaqService.start(onlyElsewhere, dir.resolve("a"), "127.0.0.1", 0);
             Socket s = new Socket("127.0.0.1", service.ingestAddress().getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(new FrameEncoder().hello(1, HelloFlyweight.BOARD_TRIGGER_UNIT, 0, "TRIGGER"));
            byte[] answer = readAll(s.getInputStream());
            assertThat(answer.length).as("an ERROR frame, then the close").isGreaterThan(FrameHeader.LENGTH);
            assertThat(answer[FrameHeader.TYPE_OFFSET] & 0xFF).isEqualTo(FrameHeader.TYPE_ERROR);
            assertThat(new String(answer, FrameHeader.LENGTH, answer.length - FrameHeader.LENGTH, StandardCharsets.UTF_8))
                    .startsWith("peer_not_allowed").contains("127.0.0.1");
            IngestCounters c = service.ingest().counters();
            assertThat(c.errors(0, ProtocolError.PEER_NOT_ALLOWED)).isEqualTo(1);
            assertThat(c.connections[c.indexOf(1)].get()).as("its HELLO was never taken").isZero();
        }
        RunConfig onlyHere = ConfigLoader.parse("monitoring: {port: -1}\ningest: {allowedPeers: [127.0.0.1]}\n", "allow-list");
        try (DaqService service = DaqService.start(onlyHere, dir.resolve("b"), "127.0.0.1", 0);
             Socket s = new Socket("127.0.0.1", service.ingestAddress().getPort())) {
            s.getOutputStream().write(new FrameEncoder().hello(1, HelloFlyweight.BOARD_TRIGGER_UNIT, 0, "TRIGGER"));
            IngestCounters c = service.ingest().counters();
            await().atMost(10, TimeUnit.SECONDS).until(() -> c.connected[c.indexOf(1)].get() == 1);
            assertThat(c.errors(0, ProtocolError.PEER_NOT_ALLOWED)).isZero();
        }
    }

    @Test
    void httpControlBeyondLoopbackWithoutATokenIsRefusedAtStartWithOneLine() {
        Cli r = Cli.run("serve", "--store", dir.resolve("s").toString(), "--port", "0", "--http-bind", "0.0.0.0", "--http-port", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("monitoring.token: required when the HTTP endpoint binds to \"0.0.0.0\"");
        r.assertNoStackTrace();
    }

    @Test
    void noJavaSerializationNorPolymorphicTypingAnywhereInTheProductionCode() throws IOException {
        Pattern forbidden = Pattern.compile("ObjectInputStream|ObjectOutputStream|\\bSerializable\\b|Externalizable"
                + "|readObject\\(|writeObject\\(|XMLDecoder|ObjectDecoder|ObjectEncoder|enableDefaultTyping"
                + "|activateDefaultTyping|@JsonTypeInfo|SerializationUtils");
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> hits = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")).toList()) {
                files++;
                List<String> lines = Files.readAllLines(p);
                for (int i = 0; i < lines.size(); i++) {
                    if (forbidden.matcher(lines.get(i)).find()) {
                        hits.add(root.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertThat(files).as("production sources scanned (all modules)").isGreaterThan(80);
        assertThat(hits).as("Java serialization or polymorphic typing in production code").isEmpty();
    }

    @Test
    void truncatedRecordingPlaysToItsLastWholeRecordAndSaysSoInOneLine() throws IOException {
        byte[] sample = Files.readAllBytes(Path.of(System.getProperty("na64.samples"), "reference-spill.na64raw"));
        Path cut = dir.resolve("cut.na64raw");
        Files.write(cut, java.util.Arrays.copyOf(sample, sample.length / 2 + 7)); // in the middle of a record
        Cli r = Cli.run("replay", cut.toString(), "--max");
        assertThat(r.code()).as(r.err()).isEqualTo(0); // a recording whose writer was killed (issue 12)
        assertThat(r.err().lines().findFirst().orElse("")).startsWith("daq replay: note: ")
                .contains(cut.getFileName().toString()).contains("last whole record");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void recordingWithABadMagicIsRefusedWithExitCodeTwoAndOneLine() throws IOException {
        Path bad = dir.resolve("bad.na64raw");
        Files.write(bad, "NOTNA64!........................".getBytes(StandardCharsets.US_ASCII));
        Cli r = Cli.run("replay", bad.toString(), "--max");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("daq replay: ");
        r.assertOneLine();
    }

    @Test
    void configWithAWrongTypeIsRefusedAtStartNamingTheFieldWithExitCodeTwo() throws IOException {
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "builder:\n  ringSize: lots\n");
        Cli r = Cli.run("serve", "--config", yaml.toString(), "--store", dir.resolve("s").toString(), "--port", "0",
                "--http-port", "-1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().toList()).as("a header and one line per problem").hasSize(2)
                .first().isEqualTo("invalid configuration:");
        assertThat(r.err().lines().toList().get(1)).contains("builder.ringSize").contains("lots");
        r.assertNoStackTrace();
        assertThat(dir.resolve("s")).as("nothing was started").doesNotExist();
    }

    @Test
    void dumpOfADirectoryThatIsNotAStoreIsRefusedWithExitCodeTwoAndOneLine() throws IOException {
        Path notAStore = Files.createDirectories(dir.resolve("empty"));
        Cli r = Cli.run("dump", "--store", notAStore.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("daq dump: ");
        r.assertOneLine();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[256];
        int n;
        try {
            while ((n = in.read(buf)) >= 0) {
                b.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // reset after the ERROR frame: what was read is the answer
        }
        return b.toByteArray();
    }
}

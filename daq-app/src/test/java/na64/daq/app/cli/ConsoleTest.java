package na64.daq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the console shows: only what the user asked for, unless -v. */
class ConsoleTest {
    /** slf4j-simple's "[thread] LEVEL logger - message", Chronicle's announcer and analytics banners. */
    private static final Pattern LIBRARY_LINE = Pattern.compile(
            "\\] (TRACE|DEBUG|INFO|WARN|ERROR) |net\\.openhft|Chronicle|chronicle|announcer|SLF4J");

    @TempDir
    Path dir;

    @Test
    void demoPrintsItsTableAndNoLibraryLogLines() throws Exception {
        Cli.Run r = Cli.run(dir, "demo", "--spills", "1", "--events", "400", "--rate", "20000",
                "--store", dir.resolve("store").toString());
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("closed by", "measured trigger rate", "store: ");
        List<String> chatter = new ArrayList<>();
        r.all().lines().filter(l -> LIBRARY_LINE.matcher(l).find()).forEach(chatter::add);
        assertThat(chatter).as("library lines on the console").isEmpty();
    }

    @Test
    void verboseShowsTheServicesInfoLines() throws Exception {
        Cli.Run r = Cli.run(dir, "demo", "-v", "--spills", "1", "--events", "200", "--rate", "20000",
                "--store", dir.resolve("store-v").toString());
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.err()).contains("INFO na64.daq.app.DaqService");
    }

    @Test
    void theDemosTriggerRateIsMeasuredNotTheConfiguredOne() throws Exception {
        Cli.Run r = Cli.run(dir, "demo", "--spills", "1", "--events", "300", "--rate", "20000",
                "--store", dir.resolve("store-rate").toString());
        var m = Pattern.compile("measured trigger rate (\\d+) Hz over").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        // Whatever was measured, it is not the configured figure printed back.
        assertThat(r.out()).doesNotContain("trigger rate 20000 Hz over the spill");
    }

    @Test
    void efficiencyWritesItsReportWhereAskedAndLeavesTheWorkingTreeClean() throws Exception {
        Path root = repositoryRoot();
        String before = git(root, "status", "--porcelain");
        Path out = dir.resolve("report");
        Cli.Run r = Cli.run(dir, "efficiency", "--masses", "16.7", "--events", "60", "--background", "20",
                "--encoding", "peak", "--out", out.toString());
        assertThat(r.exit()).as(r.all()).isZero();
        for (String f : List.of("efficiency.json", "physics.md", "physics-ecal-vs-hcal.png", "physics-efficiency-vs-x.png")) {
            assertThat(out.resolve(f)).isRegularFile();
        }
        // Without --out: a new directory outside the repository.
        Cli.Run d = Cli.run(dir, "efficiency", "--masses", "16.7", "--events", "30", "--background", "10", "--encoding", "peak");
        assertThat(d.exit()).as(d.all()).isZero();
        var wrote = Pattern.compile("wrote (\\S+)efficiency\\.json").matcher(d.out());
        assertThat(wrote.find()).as(d.out()).isTrue();
        assertThat(Path.of(wrote.group(1)).toAbsolutePath().startsWith(root)).as(wrote.group(1)).isFalse();
        assertThat(git(root, "status", "--porcelain")).isEqualTo(before);
    }

    private static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve(".git"))) {
            p = p.getParent();
        }
        assertThat(p).as("the tests run inside the repository").isNotNull();
        return p;
    }

    private static String git(Path root, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}

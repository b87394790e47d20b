package na64.daq.testkit;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a main class in a JVM of its own, started as this one was: the same java, the
 * same class path, and the flags Chronicle needs (surefire's argLine: {@code --add-opens},
 * {@code --add-exports}, {@code -Dchronicle.*}), so a child process reads and writes stores as the
 * test does. For tests that must kill, signal or bound the memory of what they run.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** {@code java <Chronicle flags> [-Xmx<xmx>] -cp <class path> <mainClass> <args>}; {@code xmx} null: the default heap. */
    public static List<String> command(String xmx, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(chronicleFlags());
        if (xmx != null) {
            cmd.add("-Xmx" + xmx);
        }
        cmd.add("-cp");
        // surefire may run the tests from a manifest-only jar; its property holds the real class path
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The Chronicle flags this JVM was started with; fails when there are none (tests run outside Maven). */
    public static List<String> chronicleFlags() {
        List<String> flags = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-Dchronicle.")) {
                flags.add(a);
            }
        }
        if (flags.isEmpty()) {
            throw new IllegalStateException("this JVM has no Chronicle flags (run the tests through Maven)");
        }
        return flags;
    }

    /** {@code cmd} quoted for bash. */
    public static String shell(List<String> cmd) {
        StringBuilder b = new StringBuilder();
        for (String c : cmd) {
            b.append(b.length() > 0 ? " " : "").append('\'').append(c.replace("'", "'\\''")).append('\'');
        }
        return b.toString();
    }
}

package na64.daq.app.dataout;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@code daq ARGS} in a JVM of its own with the given heap, as {@code bin/daq} would run it. */
final class ChildJvm {
    private ChildJvm() {
    }

    static List<String> daq(String xmx, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-Dchronicle.")) { // the Chronicle flags of surefire's argLine
                cmd.add(a);
            }
        }
        cmd.add("-Xmx" + xmx);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("na64.daq.app.DaqMain");
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** {@code cmd} quoted for bash. */
    static String shell(List<String> cmd) {
        StringBuilder b = new StringBuilder();
        for (String c : cmd) {
            b.append(b.length() > 0 ? " " : "").append('\'').append(c.replace("'", "'\\''")).append('\'');
        }
        return b.toString();
    }
}

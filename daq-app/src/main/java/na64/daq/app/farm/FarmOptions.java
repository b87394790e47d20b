package na64.daq.app.farm;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Option;

/** Options every farm role shares, and how a farm process runs until SIGTERM. */
public final class FarmOptions {
    @Option(names = "--kafka", paramLabel = "HOST:PORT", required = true, description = "Kafka bootstrap servers.")
    String kafka;

    @Option(names = "--farm", paramLabel = "NAME", defaultValue = "farm",
            description = "Farm name: topics na64.NAME.frames/partials, group na64.NAME.builders (default ${DEFAULT-VALUE}).")
    String farm;

    @Option(names = "--http-port", paramLabel = "N", defaultValue = "0",
            description = "Port of /metrics (default ${DEFAULT-VALUE}: ephemeral; -1 = off).")
    int httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "Bind address of /metrics (default ${DEFAULT-VALUE}).")
    String httpBind;

    /** Runs {@code stop} on SIGTERM/SIGINT and blocks this thread for good (the JVM exits after the hook). */
    static void runUntilSigterm(Runnable stop) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "farm-shutdown"));
        new CountDownLatch(1).await();
    }

    /** The command that runs {@code daq} in a new JVM like this one: java, the Chronicle flags, class path, main class. */
    static List<String> daqCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-Dchronicle.")
                    || a.startsWith("-Dna64.") || a.startsWith("-XX:+UseG1GC") || a.startsWith("-XX:MaxGCPauseMillis")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("na64.daq.app.DaqMain");
        return cmd;
    }
}

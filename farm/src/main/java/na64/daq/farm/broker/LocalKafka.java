package na64.daq.farm.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process) in a child JVM of its
 * own, started from the class path that the {@code farm-broker} module resolved from Maven at build
 * time ({@link #CLASSPATH_RESOURCE}); the broker's jars are never on the caller's class path. It
 * listens on 127.0.0.1 only, on two free ports, keeps its log under {@code dir/data} and writes its
 * output to {@code dir/broker.log}. Meant for {@code daq farm run} without {@code --kafka} and for
 * the tests; a real farm points at its own brokers.
 *
 * <p>Start: write {@code server.properties}, format the log directory with
 * {@code kafka.tools.StorageTool format} (once; a restart on the same directory keeps its data),
 * run {@code kafka.Kafka server.properties}, wait until an admin client sees the node.
 */
public final class LocalKafka implements AutoCloseable {
    /** Resource holding the broker's class path (one line, path-separator separated). */
    public static final String CLASSPATH_RESOURCE = "/na64/daq/farm/broker/broker.classpath";
    private static final long START_TIMEOUT_S = 90;

    private final Path dir;
    private final Process process;
    private final int port;

    private LocalKafka(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Formats (if new) and starts a broker under {@code dir}, with a heap of {@code heapMb} MiB. */
    public static LocalKafka start(Path dir, int heapMb) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String classpath = brokerClasspath();
        int brokerPort = freePort();
        int controllerPort = freePort();
        Path props = dir.resolve("server.properties");
        writeProperties(props, dir.resolve("data"), brokerPort, controllerPort);
        Path log = dir.resolve("broker.log");
        if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            Process format = new ProcessBuilder(javaCommand(classpath, 128, "kafka.tools.StorageTool", "format",
                    "-t", Uuid.randomUuid().toString(), "-c", props.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!format.waitFor(START_TIMEOUT_S, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IOException("formatting the Kafka log directory failed; see " + log);
            }
        }
        Process broker = new ProcessBuilder(javaCommand(classpath, heapMb, "kafka.Kafka", props.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        LocalKafka kafka = new LocalKafka(dir, broker, brokerPort);
        try {
            kafka.awaitReady();
        } catch (IOException | RuntimeException | InterruptedException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /** The bootstrap address clients use, {@code 127.0.0.1:PORT}. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The broker's process (tests stop and continue it to simulate a stalled broker). */
    public Process process() {
        return process;
    }

    public Path directory() {
        return dir;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
        Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(conf)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("the Kafka broker exited with " + process.exitValue() + "; see " + dir.resolve("broker.log"));
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not up yet: the admin client retries its connection
                }
            }
        }
        throw new IOException("the Kafka broker did not come up within " + START_TIMEOUT_S + " s; see " + dir.resolve("broker.log"));
    }

    /** Stops the broker (SIGTERM: controlled shutdown), forcibly after 30 s. Idempotent. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The broker's class path as the farm-broker module wrote it at build time. */
    static String brokerClasspath() throws IOException {
        try (InputStream in = LocalKafka.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IOException("no " + CLASSPATH_RESOURCE + " on the class path: build the farm-broker module (./mvnw package)");
            }
            String cp = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            for (String jar : cp.split(java.io.File.pathSeparator)) {
                if (!Files.exists(Path.of(jar))) {
                    throw new IOException("the Kafka broker jar " + jar + " is missing: rebuild with ./mvnw package (it resolves them)");
                }
            }
            return cp;
        }
    }

    private static List<String> javaCommand(String classpath, int heapMb, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small and quiet: one broker on a shared 2-core machine needs little heap and few GC threads.
        cmd.addAll(List.of("-Xmx" + heapMb + "m", "-Xms32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dlog4j2.level=warn", "-cp", classpath, mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void writeProperties(Path file, Path logDir, int brokerPort, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("unclean.leader.election.enable", "false");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // A dead builder's partitions move after its session times out: allow short sessions.
        p.setProperty("group.min.session.timeout.ms", "1000");
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        p.setProperty("log.retention.hours", "168");
        p.setProperty("log.segment.bytes", String.valueOf(64 << 20));
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, "single-node KRaft broker of a local NA64 farm (written by LocalKafka)");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

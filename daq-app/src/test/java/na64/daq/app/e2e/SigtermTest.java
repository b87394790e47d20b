package na64.daq.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqMain;
import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredEvent;
import na64.daq.testkit.ChildJvm;
import na64.daq.testkit.FrontEndClient;
import na64.daq.testkit.FrontEndFrames;
import na64.daq.trigger.Streams;

/**
 * Acceptance 5: a SIGTERM during a spill loses no event already built. {@code daq serve} runs as a
 * separate JVM; front-ends send part of a spill (no END_OF_SPILL, one event still waiting for a
 * fragment), and once the built events are in the store the process gets SIGTERM. It must exit by
 * itself, and the store must hold every built event, the event still in flight (released
 * incomplete), and the spill summary closed by shutdown with the counts of what was sent.
 */
class SigtermTest {
    private static final int COMPLETE = 200;
    /** Every fragment a RANDOM trigger of one waveform channel per digitizer, in run 900 spill 7. */
    private static final FrontEndFrames.Shape SHAPE = FrontEndFrames.Shape.waveform(900, 7, 1);
    private static final Pattern LISTENING = Pattern.compile("ingest on [^/\\s]*/([0-9.]+):(\\d+)");

    @TempDir
    Path dir;

    private Process serve;

    @AfterEach
    void killLeftover() {
        if (serve != null && serve.isAlive()) {
            serve.destroyForcibly();
        }
    }

    @Test
    @Timeout(120)
    void sigtermDuringASpillKeepsEveryBuiltEventAndClosesTheSpillAsShutdown() throws Exception {
        Path store = dir.resolve("store");
        Path config = dir.resolve("run.yaml");
        // Long build timeout: the last event is still waiting for its fragment when SIGTERM comes. No HTTP port.
        Files.writeString(config, "monitoring: {port: -1}\nbuilder: {buildTimeoutMs: 60000, spillTimeoutMs: 60000}\n");
        Path stderr = dir.resolve("serve.err");
        serve = new ProcessBuilder(serveCommand(config, store))
                .redirectError(stderr.toFile())
                .start();
        InetSocketAddress ingest = awaitListening(serve);

        List<FrontEndClient> fes = new ArrayList<>();
        try {
            for (int source = 1; source <= 5; source++) {
                FrontEndClient fe = FrontEndClient.connect(ingest, source, SHAPE).hello().beginOfSpill().fragments(1, COMPLETE);
                if (source != 5) {
                    fe.fragment(COMPLETE + 1); // source 5 never sends it: that event stays in flight
                }
                fes.add(fe);
            }
            await("the built events are stored").atMost(60, TimeUnit.SECONDS)
                    .until(() -> StoreContents.countEvents(store) == COMPLETE);

            serve.destroy(); // SIGTERM on Linux

            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("serve exits by itself after SIGTERM").isTrue();
        } finally {
            for (FrontEndClient fe : fes) {
                fe.close();
            }
        }
        assertThat(serve.exitValue()).as("0, or 128+15 when the JVM exits on the signal after its shutdown hooks")
                .isIn(0, 143);
        assertThat(Files.readString(stderr)).contains("stopped cleanly");

        StoreContents stored = StoreContents.read(store);
        assertThat(stored.completeEvents()).extracting(StoredEvent::event).hasSize(COMPLETE)
                .doesNotHaveDuplicates().allSatisfy(e -> assertThat(e).isBetween(1L, (long) COMPLETE));
        assertThat(stored.completeEvents()).allSatisfy(e -> assertThat(e.streams()).isEqualTo(Streams.maskOf(Streams.RANDOM)));
        assertThat(stored.incompleteEvents()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(COMPLETE + 1);
            assertThat(e.missingSources()).containsExactly(5);
        });
        SpillSummary s = stored.onlySpill();
        assertThat(s.run).isEqualTo(SHAPE.run());
        assertThat(s.spill).isEqualTo(SHAPE.spill());
        assertThat(s.closeReason).isEqualTo(CloseReason.SHUTDOWN);
        assertThat(s.sourcesNotEnded).containsExactly(1, 2, 3, 4, 5);
        assertThat(s.triggers).as("highest event seen, no END_OF_SPILL").isEqualTo(COMPLETE + 1);
        assertThat(s.triggersFromTriggerUnit).isFalse();
        assertThat(s.complete).isEqualTo(COMPLETE);
        assertThat(s.incomplete).isEqualTo(1);
        assertThat(s.fragmentsReceived).isEqualTo(5L * COMPLETE + 4);
        assertThat(s.accepted[Streams.RANDOM]).isEqualTo(COMPLETE);
        assertThat(s.missingPerSource).containsOnlyKeys(5).containsEntry(5, 1L);
    }

    /** {@code java <Chronicle flags> -cp <test classpath> na64.daq.app.DaqMain serve ...}. */
    private static List<String> serveCommand(Path config, Path store) {
        return ChildJvm.command(null, DaqMain.class.getName(),
                "serve", "--config", config.toString(), "--store", store.toString(), "--port", "0");
    }

    /** Reads serve's stdout until it prints where it listens; keeps draining it afterwards. */
    private static InetSocketAddress awaitListening(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<InetSocketAddress> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        address.complete(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
                    }
                }
                address.completeExceptionally(new IOException("serve ended without printing its address"));
            } catch (IOException e) {
                address.completeExceptionally(e);
            }
        }, "serve-stdout");
        reader.setDaemon(true);
        reader.start();
        return address.get(60, TimeUnit.SECONDS);
    }
}

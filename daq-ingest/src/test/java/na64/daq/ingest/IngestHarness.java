package na64.daq.ingest;

import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import na64.daq.builder.BuilderCounters;
import na64.daq.builder.BuilderPipeline;
import na64.daq.pipeline.NanoClock;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.protocol.ProtocolError;
import na64.daq.pipeline.SpillSummary;

/**
 * The real ingest server on 127.0.0.1 (ephemeral port) feeding the real Disruptor ring and event
 * builder, with a recording sink instead of the store. Timeouts are long so events complete or go
 * incomplete by the data alone, never by the speed of the machine. Also runs "good" front-ends on
 * their own threads, so a test can show the other sources carrying on beside a faulty one.
 */
final class IngestHarness implements AutoCloseable {
    static final int[] ALL_SOURCES = {1, 2, 3, 4, 5};

    final RunConfig config = ConfigLoader.parse("builder: {buildTimeoutMs: 60000, spillTimeoutMs: 60000}\n",
            "ingest test overlay");
    final RecordingSink sink = new RecordingSink();
    final BuilderPipeline pipeline;
    final IngestServer server;
    private final ExecutorService frontEnds = Executors.newCachedThreadPool();
    private final List<Future<?>> running = new ArrayList<>();

    IngestHarness() throws InterruptedException {
        pipeline = new BuilderPipeline(config, sink, NanoClock.SYSTEM, () -> 0L);
        pipeline.start();
        server = new IngestServer(config, pipeline.ring(), pipeline.arenas(), new na64.daq.trigger.Reconstructor(config),
                NanoClock.SYSTEM, null).start("127.0.0.1", 0);
    }

    InetSocketAddress address() {
        return server.address();
    }

    IngestCounters ingest() {
        return server.counters();
    }

    BuilderCounters builder() {
        return pipeline.counters();
    }

    /** Starts each of {@code sources} sending a whole valid spill of {@code events} triggers on its own thread. */
    void sendWholeSpills(int events, int... sources) {
        for (int s : sources) {
            running.add(frontEnds.submit(() -> {
                try (FrontEnd fe = FrontEnd.connect(address(), s)) {
                    fe.hello().beginOfSpill().fragments(1, events).endOfSpill(events);
                    // Stay connected until the service has everything: closing early is not what a front-end does.
                    await().atMost(30, TimeUnit.SECONDS).until(() -> ingest().frames[ingest().indexOf(s)].get() >= events + 3);
                }
                return null;
            }));
        }
    }

    /** Waits for the good front-ends; fails if any of them failed. */
    void awaitGoodSources() throws Exception {
        for (Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    /** The one spill's summary, once it has closed. */
    SpillSummary awaitSpillClosed() {
        await().atMost(30, TimeUnit.SECONDS).until(() -> sink.spills().size() == 1);
        return sink.spills().get(0);
    }

    /** Waits until the service has forgotten {@code source}'s connection, so it may reconnect. */
    void awaitDisconnected(int source) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> ingest().connected[ingest().indexOf(source)].get() == 0);
    }

    /** Protocol errors of {@code reason} counted against any source, including the unattributed bucket. */
    long errorsOfReason(ProtocolError reason) {
        long n = 0;
        for (int i = 0; i <= ingest().sourceCount(); i++) {
            n += ingest().errors[i][reason.ordinal()].get();
        }
        return n;
    }

    /** Protocol errors counted against {@code source}, all reasons. */
    long errorsOfSource(int source) {
        long n = 0;
        for (ProtocolError r : ProtocolError.values()) {
            n += ingest().errors(source, r);
        }
        return n;
    }

    @Override
    public void close() throws Exception {
        frontEnds.shutdownNow();
        server.close();
        pipeline.stop();
    }
}

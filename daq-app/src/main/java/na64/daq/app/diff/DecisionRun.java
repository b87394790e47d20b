package na64.daq.app.diff;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import na64.daq.app.DaqService;
import na64.daq.app.replay.Recording;
import na64.daq.app.replay.ReplayProgress;
import na64.daq.app.replay.Replayer;
import na64.daq.config.RunConfig;
import na64.daq.pipeline.SpillSummary;
import na64.daq.trigger.Streams;

/**
 * One side of a {@code daq diff}: the recording replayed as fast as possible over loopback into an
 * embedded service with one configuration, writing a store of its own, exactly as {@code daq replay}
 * does. Nothing is re-implemented: the decisions are those of the real ingest, reconstruction,
 * builder and selection, read back from the real store.
 */
final class DecisionRun {
    /** What the run decided: stored events, accepted events per stream (spill summaries), problems. */
    record Result(Decisions decisions, long[] accepted, List<String> problems) {
    }

    private DecisionRun() {
    }

    /** Replays {@code recording} into a service with {@code config} writing to the new store {@code store}. */
    static Result run(Recording recording, RunConfig config, Path store, String label) throws InterruptedException {
        Set<Recording.SpillKey> pending = ConcurrentHashMap.newKeySet();
        pending.addAll(recording.spills());
        CountDownLatch allClosed = new CountDownLatch(pending.isEmpty() ? 0 : 1);
        long[] accepted = new long[Streams.COUNT];
        List<String> problems = new ArrayList<>();
        try (DaqService service = DaqService.start(config.withMonitoringPort(0), store, "127.0.0.1", 0)) {
            service.onSpillClosed(s -> {
                add(accepted, s);
                if (pending.remove(new Recording.SpillKey(s.run, s.spill)) && pending.isEmpty()) {
                    allClosed.countDown();
                }
            });
            Replayer.Result sent;
            try (ReplayProgress progress = ReplayProgress.start("diff " + label + " " + recording.files().get(0).getFileName(),
                    recording.byteCount(), ReplayProgress.onTerminal(), System.err)) {
                sent = Replayer.replay(recording, service.ingestAddress(), 0, progress.counter());
            }
            sent.failures().forEach(f -> problems.add(label + ": failed: " + f));
            // A spill every source ended closes at once; one that a source never ended, after the spill timeout.
            allClosed.await(config.builder().spillTimeoutMs() + 5_000, TimeUnit.MILLISECONDS);
        } // close() drains the ring: every event read is decided and stored, every spill summarised
        pending.forEach(k -> problems.add(label + ": run " + k.run() + " spill " + k.spill() + " did not close"));
        synchronized (accepted) {
            return new Result(Decisions.read(store), accepted.clone(), problems);
        }
    }

    /** Summaries arrive on the builder thread; the sums are read after the service closed. */
    private static void add(long[] accepted, SpillSummary s) {
        synchronized (accepted) {
            for (int i = 0; i < Streams.COUNT; i++) {
                accepted[i] += s.accepted[i];
            }
        }
    }
}

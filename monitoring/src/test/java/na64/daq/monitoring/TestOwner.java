package na64.daq.monitoring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import na64.daq.pipeline.NanoClock;

/**
 * A run-control owner that records what it was asked (the real one, daq-app's RunController, is
 * tested on the running service). {@code endRun} waits for {@link #release} when a test holds it;
 * a reload is refused when its text contains "bad".
 */
final class TestOwner implements RunControl.Owner {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean holdStop;
    volatile RuntimeException failStart;

    /** A run control over a fresh owner, on the system clock, with configuration hash "test". */
    static RunControl control() {
        return new RunControl(new TestOwner(), NanoClock.SYSTEM, "test");
    }

    /** Marks {@code m} ready and starts a run without a number, as {@code DaqService} does at start-up. */
    static void run(DaqMonitoring m) {
        m.ready();
        m.runControl().requestStart(null, RunControl.Requester.api("test"));
    }

    @Override
    public void beginRun(Long run, RunControl.Requester by) {
        if (failStart != null) {
            throw failStart;
        }
        calls.add("begin " + run + " " + by.kind());
    }

    @Override
    public void endRun(RunControl.Requester by) {
        calls.add("end " + by.kind() + " on " + Thread.currentThread().getName());
        if (holdStop) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public RunControl.Reload reload(String yaml, String origin, RunControl.Requester by) {
        calls.add("reload " + by.kind());
        return yaml.contains("bad")
                ? new RunControl.Reload(false, null, "invalid configuration", List.of("streams.random.prescale: must be >= 1"))
                : new RunControl.Reload(true, "h" + yaml.length(), "accepted; applies from the next spill", List.of());
    }
}

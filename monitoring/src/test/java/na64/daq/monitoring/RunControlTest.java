package na64.daq.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import na64.daq.monitoring.RunControl.State;

class RunControlTest {
    @Test
    void startsConfiguredAndStartRunsTheStartActionOnce() {
        int[] starts = new int[1];
        RunControl rc = new RunControl(() -> starts[0]++, () -> { });
        assertThat(rc.state()).isEqualTo(State.CONFIGURED);
        assertThat(rc.requestStart()).isEqualTo(new RunControl.Result(200, State.RUNNING, "started"));
        assertThat(rc.requestStart().message()).isEqualTo("already running");
        assertThat(starts[0]).isEqualTo(1);
    }

    @Test
    void anOwnerThatStartsByItselfRefusesStartAndStopWhileConfigured() {
        int[] stops = new int[1];
        RunControl rc = new RunControl(null, () -> stops[0]++);
        assertThat(rc.requestStart().httpStatus()).isEqualTo(409);
        assertThat(rc.requestStop().httpStatus()).isEqualTo(409);
        assertThat(rc.state()).isEqualTo(State.CONFIGURED);
        rc.markRunning();
        assertThat(rc.requestStart()).isEqualTo(new RunControl.Result(200, State.RUNNING, "already running"));
        assertThat(stops[0]).isZero();
    }

    @Test
    void stopAnswersAtOnceAndRunsTheStopActionOnItsOwnThreadUntilStopped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> thread = new AtomicReference<>();
        RunControl[] self = new RunControl[1];
        RunControl rc = new RunControl(null, () -> {
            thread.set(Thread.currentThread().getName());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            self[0].markStopped();
        });
        self[0] = rc;
        rc.markRunning();

        RunControl.Result r = rc.requestStop();
        assertThat(r.httpStatus()).isEqualTo(202);
        assertThat(rc.state()).isEqualTo(State.STOPPING);
        assertThat(rc.requestStop().message()).isEqualTo("already stopping");
        assertThat(rc.requestStart().httpStatus()).isEqualTo(409);
        assertThat(rc.awaitStopped(50, TimeUnit.MILLISECONDS)).isFalse();

        release.countDown();
        assertThat(rc.awaitStopped(10, TimeUnit.SECONDS)).isTrue();
        assertThat(thread.get()).isEqualTo("daq-run-stop");
        assertThat(rc.state()).isEqualTo(State.STOPPED);
        assertThat(rc.requestStop()).isEqualTo(new RunControl.Result(200, State.STOPPED, "already stopped"));
    }

    @Test
    void aStopActionThatThrowsStillEndsStopped() throws Exception {
        RunControl rc = new RunControl(null, () -> {
            throw new IllegalStateException("disk gone");
        });
        rc.markRunning();
        rc.requestStop();
        assertThat(rc.awaitStopped(10, TimeUnit.SECONDS)).isTrue();
        assertThat(rc.state()).isEqualTo(State.STOPPED);
    }

    @Test
    void theOwnerStoppingByAnotherPathIsSeenAndRunningIsNotReenteredAfterIt() {
        RunControl rc = new RunControl(null, () -> { });
        rc.markStopping();
        rc.markRunning();
        assertThat(rc.state()).isEqualTo(State.STOPPING);
        rc.markStopped();
        assertThat(rc.state()).isEqualTo(State.STOPPED);
        assertThat(State.STOPPED.label()).isEqualTo("stopped");
    }
}

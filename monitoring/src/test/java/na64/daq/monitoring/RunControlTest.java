package na64.daq.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import na64.daq.monitoring.RunControl.Requester;
import na64.daq.monitoring.RunControl.State;
import na64.daq.testkit.ManualClock;

class RunControlTest {
    private final TestOwner owner = new TestOwner();
    private final ManualClock clock = new ManualClock(0);
    private final RunControl rc = new RunControl(owner, clock, "h0");

    @Test
    void nothingIsAcceptedBeforeTheServiceIsReady() {
        assertThat(rc.state()).isEqualTo(State.IDLE);
        assertThat(rc.requestStart(1L, Requester.api("t")).httpStatus()).isEqualTo(409);
        assertThat(rc.requestStop(Requester.api("t"), null).httpStatus()).isEqualTo(409);
        assertThat(rc.reload("streams: {}", "t", Requester.api("t")).accepted()).isFalse();
        assertThat(owner.calls).isEmpty();
    }

    @Test
    void startBeginsTheRunOnceWithItsNumberAndTimesIt() {
        rc.markReady();
        RunControl.Result r = rc.requestStart(4243L, Requester.http("POST /run/start from x"));
        assertThat(r).isEqualTo(new RunControl.Result(200, State.RUNNING, "run 4243 started", 4243L));
        clock.advanceMillis(1500);
        assertThat(rc.runUptimeSeconds()).isEqualTo(1.5);
        assertThat(rc.runRequestedBy()).isEqualTo("http");
        assertThat(rc.runStartedAt()).isNotNull();
        assertThat(rc.requestStart(null, Requester.api("t")).message()).isEqualTo("already running run 4243");
        assertThat(rc.requestStart(4243L, Requester.api("t")).httpStatus()).isEqualTo(200);
        assertThat(rc.requestStart(4244L, Requester.api("t")).httpStatus()).as("another run while one runs").isEqualTo(409);
        assertThat(owner.calls).containsExactly("begin 4243 http");
    }

    @Test
    void stopAnswersAtOnceEndsTheRunOnItsOwnThreadAndComesBackIdleForTheNextRun() {
        rc.markReady();
        rc.requestStart(1L, Requester.api("t"));
        owner.holdStop = true;
        CountDownLatch replied = new CountDownLatch(1);

        RunControl.Result r = rc.requestStop(Requester.http("POST /run/stop"), replied);
        assertThat(r.httpStatus()).isEqualTo(202);
        assertThat(rc.state()).isEqualTo(State.STOPPING);
        assertThat(rc.requestStop(Requester.api("t"), null).message()).isEqualTo("run 1 is already stopping");
        assertThat(rc.requestStart(2L, Requester.api("t")).httpStatus()).isEqualTo(409);

        replied.countDown();
        owner.release.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(() -> rc.state() == State.IDLE);
        assertThat(owner.calls).contains("end http on daq-run-stop");
        assertThat(rc.runStartedAt()).isNull();
        assertThat(rc.requestStop(Requester.api("t"), null)).isEqualTo(new RunControl.Result(200, State.IDLE, "no run is running", 1L));
        assertThat(rc.requestStart(2L, Requester.api("t")).state()).isEqualTo(State.RUNNING);
        assertThat(rc.run()).isEqualTo(2L);
    }

    @Test
    void aStartThatFailsLeavesTheServiceIdle() {
        rc.markReady();
        owner.failStart = new IllegalStateException("the event builder does not answer");
        RunControl.Result r = rc.requestStart(3L, Requester.api("t"));
        assertThat(r.httpStatus()).isEqualTo(503);
        assertThat(r.message()).contains("does not answer");
        assertThat(rc.state()).isEqualTo(State.IDLE);
    }

    @Test
    void anAcceptedReloadBecomesTheConfigurationInForceAndARefusedOneChangesNothing() {
        rc.markReady();
        assertThat(rc.configHash()).isEqualTo("h0");
        assertThat(rc.reload("bad: yes", "t", Requester.signal("SIGHUP")).problems()).hasSize(1);
        assertThat(rc.configHash()).isEqualTo("h0");
        RunControl.Reload ok = rc.reload("streams: {}", "t", Requester.signal("SIGHUP"));
        assertThat(ok.accepted()).isTrue();
        assertThat(rc.configHash()).isEqualTo(ok.hash());
        assertThat(rc.reloadsAccepted()).isEqualTo(1);
        assertThat(rc.reloadsRefused()).isEqualTo(1);
    }

    @Test
    void shuttingDownIsStoppingForGoodAndWakesTheWaiters() throws Exception {
        rc.markReady();
        rc.requestStart(null, Requester.api("t"));
        rc.markClosing();
        assertThat(rc.state()).isEqualTo(State.STOPPING);
        assertThat(rc.requestStart(null, Requester.api("t")).httpStatus()).isEqualTo(409);
        assertThat(rc.awaitClosed(10, TimeUnit.MILLISECONDS)).isFalse();
        rc.markClosed();
        assertThat(rc.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
        assertThat(State.STOPPING.label()).isEqualTo("stopping");
    }
}

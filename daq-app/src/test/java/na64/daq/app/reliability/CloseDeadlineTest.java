package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqContext;
import na64.daq.app.DaqService;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.store.AppendHook;
import na64.daq.testkit.FrontEndGroup;
import na64.daq.testkit.ManualClock;

/**
 * Stopping a service whose store stopped answering does not hang: the stop's deadline passes on the
 * service's (hand-driven) clock, the stage that missed it is reported to the context's error handler,
 * the stop says it was not clean, and the store stays with the builder that still holds it.
 */
class CloseDeadlineTest {
    private static final RunConfig CONFIG = ConfigLoader.parse("monitoring: {port: -1}\n", "close deadline overlay");
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path store;

    @Test
    void aStoreThatNeverAnswersMakesTheStopReportTheBuilderPastItsDeadlineInsteadOfHanging() throws Exception {
        ManualClock clock = new ManualClock(1_000_000_000L);
        CountDownLatch storeEntered = new CountDownLatch(1);
        CountDownLatch storeAnswers = new CountDownLatch(1);
        AtomicBoolean armed = new AtomicBoolean(); // the run's begin records are stored first, normally
        AppendHook stuck = () -> {
            if (!armed.get()) {
                return;
            }
            storeEntered.countDown();
            try {
                storeAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        DaqService service = DaqService.start(new DaqContext().config(CONFIG).storeDir(store).ingestHost("127.0.0.1")
                .ingestPort(0).nanoClock(clock).epochClock(clock).appendHook(stuck).errorHandler(reported::add)
                .closeTimeout(CLOSE_TIMEOUT));
        armed.set(true);
        try (FrontEndGroup fe = new FrontEndGroup(5, 1)) {
            fe.connectAll(service.ingestAddress()).beginOfSpill(1).event(1, 1);
            assertThat(storeEntered.await(30, TimeUnit.SECONDS)).as("the builder is in the store").isTrue();

            FutureTask<Void> close = clock.startAndAwaitFirstRead("closer", () -> {
                service.close();
                return null;
            });
            assertThat(close).as("the stop waits for the builder").isNotDone();
            await("the stop returns once its stages' deadlines pass").atMost(30, TimeUnit.SECONDS).until(() -> {
                clock.advanceNanos(CLOSE_TIMEOUT.toNanos()); // each stage has its own deadline
                return close.isDone();
            });
            close.get();

            assertThat(service.stoppedCleanly()).isFalse();
            assertThat(reported).anySatisfy(t -> assertThat(t).isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("event builder did not drain the ring and stop")
                    .hasMessageContaining("5000 ms"));
            assertThat(service.pipeline().running()).as("the stuck builder still runs").isTrue();
        } finally {
            storeAnswers.countDown();
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> !service.pipeline().running());
        service.store().close(); // the stop left it to the builder; the builder has ended now
    }
}

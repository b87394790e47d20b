package na64.daq.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** A deadline passes on its clock only; a wait ends when its condition holds or the deadline passes. */
class DeadlineTest {
    /** A hand-driven clock (the test kit's ManualClock depends on this module). */
    private final AtomicLong now = new AtomicLong(1_000);
    private final NanoClock clock = now::get;

    @Test
    void aConditionThatHoldsEndsTheWaitWithTrue() {
        AtomicInteger polls = new AtomicInteger();

        assertThat(new Deadline(clock, 5_000).await(() -> polls.incrementAndGet() == 3)).isTrue();
        assertThat(polls).hasValue(3);
    }

    @Test
    void theWaitGivesUpWithFalseOnceTheClockPassesTheDeadline() {
        Deadline d = new Deadline(clock, 5_000);
        AtomicInteger polls = new AtomicInteger();

        boolean done = d.await(() -> {
            if (polls.incrementAndGet() == 4) {
                now.addAndGet(5_000); // time reaches the deadline while waiting
            }
            return false;
        });

        assertThat(done).isFalse();
        assertThat(d.passed()).isTrue();
        assertThat(d.remainingNanos()).isZero();
    }

    @Test
    void remainingTimeFollowsTheClock() {
        Deadline d = new Deadline(clock, 3_000_000);
        now.addAndGet(1_000_000);

        assertThat(d.passed()).isFalse();
        assertThat(d.remainingNanos()).isEqualTo(2_000_000);
        assertThat(d.timeoutMillis()).isEqualTo(3);
    }

    @Test
    void anInterruptEndsTheWaitAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThat(new Deadline(clock, 5_000).await(() -> false)).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}

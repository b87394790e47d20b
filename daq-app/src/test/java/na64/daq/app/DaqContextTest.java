package na64.daq.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.ingest.StallClock;
import na64.daq.pipeline.EpochClock;
import na64.daq.pipeline.NanoClock;
import na64.daq.store.AppendHook;
import na64.daq.testkit.ManualClock;

/** A context fills its defaults once, checks what does not fit, and cannot change after it concluded. */
class DaqContextTest {
    private static final RunConfig CONFIG = ConfigLoader.loadDefault();

    @Test
    void concludeFillsTheDefaultsFromTheConfigurationAndTheSystem() {
        DaqContext ctx = new DaqContext().config(CONFIG).conclude();

        assertThat(ctx.storeDir()).isEqualTo(Path.of(CONFIG.store().path()));
        assertThat(ctx.ingestHost()).isEqualTo(CONFIG.ingest().bindAddress());
        assertThat(ctx.ingestPort()).isEqualTo(CONFIG.ingest().port());
        assertThat(ctx.nanoClock()).isSameAs(NanoClock.SYSTEM);
        assertThat(ctx.epochClock()).isSameAs(EpochClock.SYSTEM);
        assertThat(ctx.pipelineClock().base()).as("the pipeline clock follows the nano clock").isSameAs(NanoClock.SYSTEM);
        assertThat(ctx.appendHook()).isSameAs(AppendHook.NONE);
        assertThat(ctx.closeTimeout()).isEqualTo(DaqContext.DEFAULT_CLOSE_TIMEOUT);
        assertThat(ctx.builderThreadFactory().newThread(() -> { }).getName()).isEqualTo("event-builder");
        assertThat(ctx.builderWaitStrategy()).isNotNull();
        assertThat(ctx.errorHandler()).isNotNull();
        assertThat(ctx.spillListeners()).isEmpty();
    }

    @Test
    void whatIsSetIsKeptAndTheDefaultPipelineClockFollowsTheGivenClock() {
        ManualClock clock = new ManualClock(7);
        DaqContext ctx = new DaqContext().config(CONFIG).storeDir(Path.of("elsewhere")).ingestHost("0.0.0.0").ingestPort(0)
                .nanoClock(clock).spillListener(s -> { }).closeTimeout(Duration.ofSeconds(3)).conclude();

        assertThat(ctx.storeDir()).isEqualTo(Path.of("elsewhere"));
        assertThat(ctx.ingestHost()).isEqualTo("0.0.0.0");
        assertThat(ctx.ingestPort()).isZero();
        assertThat(ctx.pipelineClock().base()).isSameAs(clock);
        assertThat(ctx.pipelineClock().nanoTime()).isEqualTo(7);
        assertThat(ctx.spillListeners()).hasSize(1);
        assertThat(ctx.closeTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aConcludedContextCannotChangeNorConcludeAgain() {
        DaqContext ctx = new DaqContext().config(CONFIG).conclude();

        assertThatThrownBy(() -> ctx.ingestPort(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("concluded");
        assertThatThrownBy(ctx::conclude).isInstanceOf(IllegalStateException.class).hasMessageContaining("concluded");
    }

    @Test
    void settingsThatDoNotFitAreRefusedAtConclusion() {
        ManualClock clock = new ManualClock(0);
        assertThatThrownBy(() -> new DaqContext().conclude()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("run configuration");
        assertThatThrownBy(() -> new DaqContext().config(CONFIG).nanoClock(clock).pipelineClock(new StallClock(NanoClock.SYSTEM))
                .conclude()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must follow");
        assertThatThrownBy(() -> new DaqContext().config(CONFIG).ingestPort(70_000).conclude())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> new DaqContext().config(CONFIG).closeTimeout(Duration.ZERO).conclude())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}

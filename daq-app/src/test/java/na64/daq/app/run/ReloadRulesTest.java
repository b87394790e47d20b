package na64.daq.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;

class ReloadRulesTest {
    private static final RunConfig RUNNING = ConfigLoader.parse("monitoring: {port: 0, token: s3cret}", "running");

    @Test
    void theTriggerAndTheBuilderTimeoutsMayChangeBetweenSpills() {
        RunConfig next = ConfigLoader.parse("""
                beam: {energyMeV: 80000}
                reconstruction: {thresholdCounts: 12}
                streams: {invisible: {prescale: 3}}
                builder: {buildTimeoutMs: 900, spillTimeoutMs: 9000}
                channelMap: [{source: 2, first: 0, count: 36, detector: ECAL_PS, calibration: 6}]
                """, "next");
        assertThat(ReloadRules.refusals(RUNNING, next)).isEmpty();
    }

    @Test
    void sourcesIngestStoreAndSizesAreRefusedOneLinePerField() {
        RunConfig next = ConfigLoader.parse("""
                ingest: {port: 6000, idleTimeoutMs: 40000}
                store: {syncAtSpillEnd: true}
                builder: {ringSize: 8192, maxInFlightEvents: 4096}
                """, "next");
        assertThat(ReloadRules.refusals(RUNNING, next)).hasSize(5)
                .anySatisfy(l -> assertThat(l).startsWith("ingest.port: 5555 -> 6000 cannot change while the service runs"))
                .anySatisfy(l -> assertThat(l).startsWith("ingest.idleTimeoutMs: 30000 -> 40000"))
                .anySatisfy(l -> assertThat(l).startsWith("store.syncAtSpillEnd: false -> true"))
                .anySatisfy(l -> assertThat(l).startsWith("builder.ringSize: 16384 -> 8192"))
                .anySatisfy(l -> assertThat(l).startsWith("builder.maxInFlightEvents: 8192 -> 4096"))
                .allSatisfy(l -> assertThat(l).contains("a reload may change beam, channelMap"));
    }

    @Test
    void theEndpointIsNotTakenFromAReloadButTheHashIs() {
        RunConfig next = ConfigLoader.parse("streams: {random: {prescale: 2}}", "next");
        RunConfig effective = ReloadRules.effective(RUNNING, next);
        assertThat(ReloadRules.refusals(RUNNING, next)).isEmpty();
        assertThat(effective.monitoring()).isEqualTo(RUNNING.monitoring());
        assertThat(effective.hash()).isEqualTo(next.hash());
        assertThat(effective.streams().random().prescale()).isEqualTo(2);
    }
}

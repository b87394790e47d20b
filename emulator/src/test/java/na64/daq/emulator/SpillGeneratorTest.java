package na64.daq.emulator;

import na64.daq.testkit.TestConfigs;

import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.SpillMarkerFlyweight;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpillGeneratorTest {
    private static final RunConfig CONFIG = TestConfigs.reference();

    private static SimulationSettings settings(int events) {
        return SimulationSettings.defaults().withEventsPerSpill(events).withSeed(42).withRun(4242);
    }

    @Test
    void theSameSeedGivesIdenticalBytesAndTimes() {
        SimulationSettings s = settings(300).withFaults(new FaultRates(0.02, 0.02, 0.02, 0.02, 0.5));
        SpillData a = new SpillGenerator(s, CONFIG).generate(3, 12345);
        SpillData b = new SpillGenerator(s, CONFIG).generate(3, 12345);
        for (int id : ReferenceSetup.SOURCE_IDS) {
            SourceFrames fa = a.source(id);
            SourceFrames fb = b.source(id);
            assertThat(Arrays.copyOf(fa.data(), fa.byteLength())).isEqualTo(Arrays.copyOf(fb.data(), fb.byteLength()));
            assertThat(fa.frameCount()).isEqualTo(fb.frameCount());
            for (int i = 0; i < fa.frameCount(); i++) {
                assertThat(fa.sendTimeNs(i)).isEqualTo(fb.sendTimeNs(i));
                assertThat(fa.flags(i)).isEqualTo(fb.flags(i));
            }
        }
        assertThat(a.faults().list()).isEqualTo(b.faults().list());
    }

    @Test
    void anotherSeedGivesOtherBytes() {
        SpillData a = new SpillGenerator(settings(50), CONFIG).generate(1, 0);
        SpillData b = new SpillGenerator(settings(50).withSeed(43), CONFIG).generate(1, 0);
        SourceFrames fa = a.source(ReferenceSetup.ECAL_MAIN);
        SourceFrames fb = b.source(ReferenceSetup.ECAL_MAIN);
        assertThat(Arrays.copyOf(fa.data(), fa.byteLength())).isNotEqualTo(Arrays.copyOf(fb.data(), fb.byteLength()));
    }

    @ParameterizedTest
    @CsvSource({"WAVEFORM,false", "WAVEFORM,true", "PEAK,false", "PEAK,true"})
    void everyFrameParsesWithTheProtocolFlyweightsAndCarriesTheRightCrc(Encoding encoding, boolean zs) {
        int n = 400;
        SpillData d = new SpillGenerator(settings(n).withEncoding(encoding).withZeroSuppression(zs), CONFIG)
                .generate(2, 0);
        FrameCheck trigger = FrameCheck.of(d.source(ReferenceSetup.TRIGGER));
        for (int id : ReferenceSetup.SOURCE_IDS) {
            FrameCheck c = FrameCheck.of(d.source(id));
            assertThat(c.badCrc).isZero();
            assertThat(c.begins).isOne();
            assertThat(c.ends).isOne();
            assertThat(c.hellos).isZero();
            assertThat(c.fragmentEvents).hasSize(n);
            assertThat(c.fragmentEvents.get(0)).isEqualTo(1);
            assertThat(c.fragmentEvents.get(n - 1)).isEqualTo(n);
            assertThat(c.end.triggers()).isEqualTo(n);
            assertThat(c.end.scalerCount()).isEqualTo(id == ReferenceSetup.TRIGGER ? 3 : 0);
        }
        SpillMarkerFlyweight eos = trigger.end;
        long physics = d.truth().triggers() - d.truth().count(EventKind.NOISE) - d.truth().count(EventKind.LED);
        assertThat(eos.scaler(SpillMarkerFlyweight.SCALER_EOT, -1)).isGreaterThanOrEqualTo(physics).isEqualTo(d.eot());
        assertThat(eos.scaler(SpillMarkerFlyweight.SCALER_TRIGGERS, -1)).isEqualTo(n);
        assertThat(eos.scaler(SpillMarkerFlyweight.SCALER_DEAD_TIME_NS, -1)).isEqualTo(n * SpillGenerator.DEAD_TIME_NS);
    }

    @Test
    void digitizersCopyTheTriggerUnitsTypeAndTimeAndTriggersMixPhysicsRandomAndLed() {
        int n = 3000;
        SpillData d = new SpillGenerator(settings(n).withEncoding(Encoding.PEAK).withTriggerShares(0.02, 0.01), CONFIG)
                .generate(1, 0);
        long[][] typeTime = new long[n + 1][];
        FragmentFlyweight f = new FragmentFlyweight();
        for (int id : ReferenceSetup.SOURCE_IDS) {
            SourceFrames s = d.source(id);
            for (int i = 0; i < s.frameCount(); i++) {
                if (s.frameType(i) != FrameHeader.TYPE_FRAGMENT) {
                    continue;
                }
                f.wrap(s.data(), s.frameOffset(i) + FrameHeader.LENGTH, s.frameLength(i) - FrameHeader.LENGTH);
                long[] tt = {f.triggerType(), f.triggerTime()};
                if (id == ReferenceSetup.TRIGGER) {
                    typeTime[(int) f.event()] = tt;
                    assertThat(f.triggerType()).isEqualTo(d.truth().triggerType(f.event()));
                } else {
                    assertThat(tt).isEqualTo(typeTime[(int) f.event()]);
                }
            }
        }
        int random = 0;
        int led = 0;
        long lastTime = 0;
        for (int e = 1; e <= n; e++) {
            assertThat(typeTime[e][1]).as("trigger times rise by at least the dead time")
                    .isGreaterThanOrEqualTo(lastTime + SpillGenerator.DEAD_TIME_NS);
            lastTime = typeTime[e][1];
            random += typeTime[e][0] == FragmentFlyweight.TRIGGER_RANDOM ? 1 : 0;
            led += typeTime[e][0] == FragmentFlyweight.TRIGGER_CALIBRATION ? 1 : 0;
        }
        assertThat(random).isBetween(30, 90);
        assertThat(led).isBetween(10, 55);
        assertThat(d.truth().count(EventKind.NOISE)).isEqualTo(random);
        assertThat(d.truth().count(EventKind.LED)).isEqualTo(led);
        // Mean spacing is the dead time plus 1/rate (10 kHz): 3000 triggers take about 0.3 s.
        assertThat(lastTime).isBetween(270_000_000L, 330_000_000L);
    }

    @Test
    void zeroSuppressionDropsChannelsButNotEnergy() {
        SimulationSettings s = settings(500);
        List<Reconstructed> full = Reconstructed.of(new SpillGenerator(s, CONFIG).generate(1, 0), CONFIG);
        SpillData zsData = new SpillGenerator(s.withZeroSuppression(true), CONFIG).generate(1, 0);
        List<Reconstructed> zs = Reconstructed.of(zsData, CONFIG);
        assertThat(zs).isEqualTo(full);
        SpillData fullData = new SpillGenerator(s, CONFIG).generate(1, 0);
        assertThat(zsData.source(ReferenceSetup.ECAL_MAIN).byteLength())
                .isLessThan(fullData.source(ReferenceSetup.ECAL_MAIN).byteLength() * 2 / 3);
    }

    @Test
    void beginOfSpillCarriesTheSettableStartTimePlusTheSpillOffset() {
        SimulationSettings s = settings(10).withStartTimeNs(1_000_000_000_000L);
        SpillData d = new SpillGenerator(s, CONFIG).generate(2, 777);
        SourceFrames f = d.source(ReferenceSetup.HCAL);
        SpillMarkerFlyweight bos = new SpillMarkerFlyweight().wrap(f.data(), f.frameOffset(0) + FrameHeader.LENGTH,
                f.frameLength(0) - FrameHeader.LENGTH);
        assertThat(bos.wallClockNs()).isEqualTo(1_000_000_000_777L);
        assertThat(bos.run()).isEqualTo(4242);
        assertThat(bos.spill()).isEqualTo(2);
    }

    @Test
    void aSlowBeamGetsHeartbeatsInItsGaps() {
        SpillData d = new SpillGenerator(settings(20).withRateHz(0.5), CONFIG).generate(1, 0);
        for (int id : ReferenceSetup.SOURCE_IDS) {
            SourceFrames f = d.source(id);
            assertThat(FrameCheck.of(f).heartbeats).isGreaterThan(20);
            for (int i = 1; i < f.frameCount(); i++) {
                assertThat(f.sendTimeNs(i) - f.sendTimeNs(i - 1)).isLessThanOrEqualTo(SpillGenerator.HEARTBEAT_INTERVAL_NS);
            }
        }
    }

    @Test
    void helloNamesTheBoardFromTheConfiguration() {
        SpillGenerator g = new SpillGenerator(settings(1), CONFIG);
        byte[] hello = g.hello(ReferenceSetup.VETO_SRD);
        var h = new na64.daq.protocol.HelloFlyweight().wrap(hello, FrameHeader.LENGTH, hello.length - FrameHeader.LENGTH);
        assertThat(h.name()).isEqualTo("VETO-SRD");
        assertThat(h.channelCount()).isEqualTo(19);
    }

    @Test
    void aConfigurationWithoutTheReferenceSourcesIsRefused() {
        RunConfig c = CONFIG;
        RunConfig missing = new RunConfig(c.beam(), c.sources().subList(0, 3), c.channelMap(), c.reconstruction(),
                c.streams(), c.builder(), c.ingest(), c.store(), c.monitoring(), c.hash());
        assertThatThrownBy(() -> new SpillGenerator(settings(1), missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id 4");
    }
}

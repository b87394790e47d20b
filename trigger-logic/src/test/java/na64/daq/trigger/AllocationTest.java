package na64.daq.trigger;

import na64.daq.testkit.Samples;
import na64.daq.testkit.TestConfigs;

import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The builder thread calls add and select per fragment and event: steady state must not allocate. */
class AllocationTest {
    private static final int EVENTS = 100_000;

    @Test
    void reconstructionAndSelectionAllocateNothingPerEventAfterWarmUp() throws Exception {
        RunConfig config = TestConfigs.reference();
        Reconstructor reco = new Reconstructor(config);
        Selector selector = new Selector(config);
        // Real events from both samples: WAVEFORM everywhere, PEAK for source 5, zero suppression.
        List<int[]> sources = new ArrayList<>();
        List<byte[][]> payloads = new ArrayList<>();
        for (String sample : new String[] {"reference-spill", "faulty-spill"}) {
            for (List<RecordedSpill.Fragment> event : RecordedSpill.load(Samples.raw(sample)).events.values()) {
                int[] src = new int[event.size()];
                byte[][] pl = new byte[event.size()][];
                for (int i = 0; i < event.size(); i++) {
                    src[i] = event.get(i).source();
                    pl[i] = event.get(i).payload();
                }
                sources.add(src);
                payloads.add(pl);
            }
        }
        int[][] src = sources.toArray(new int[0][]);
        byte[][][] pl = payloads.toArray(new byte[0][][]);
        FragmentFlyweight f = new FragmentFlyweight();
        Energies e = new Energies();

        long warmUp = run(reco, selector, src, pl, f, e, EVENTS);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        long accepted = run(reco, selector, src, pl, f, e, EVENTS);
        long after = threads.getThreadAllocatedBytes(id);

        assertThat(accepted).as("the loop did real work").isGreaterThan(0).isEqualTo(warmUp);
        assertThat((double) (after - before) / EVENTS).as("bytes allocated per event").isLessThan(64.0);
    }

    /** Runs {@code n} events round-robin over the samples; returns the number of stream acceptances. */
    private static long run(Reconstructor reco, Selector selector, int[][] src, byte[][][] pl, FragmentFlyweight f,
                            Energies e, int n) {
        long accepted = 0;
        for (int k = 0; k < n; k++) {
            int ev = k % src.length;
            e.clear();
            int triggerType = 0;
            for (int i = 0; i < src[ev].length; i++) {
                f.wrap(pl[ev][i], 0, pl[ev][i].length);
                if (src[ev][i] == 1) {
                    triggerType = f.triggerType();
                }
                reco.add(src[ev][i], f, e);
            }
            accepted += Integer.bitCount(selector.select(ev + 1, triggerType, true, false, e));
        }
        return accepted;
    }
}

package na64.daq.ingest;

import na64.daq.testkit.FrontEndClient;

import static na64.daq.ingest.IngestRig.ALL_SOURCES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;


/**
 * While run control's gate is closed, front-ends stay connected and their frames are read, but
 * fragments and spill markers are counted per source as outside a run and never reach the builder;
 * once it opens, what follows is built as usual.
 */
class OutsideRunTest {
    @Test
    void framesSentWhileNoRunIsTakenAreCountedPerSourceAndNotBuiltThenTheRunBuildsWhatFollows() throws Exception {
        try (IngestRig h = new IngestRig().start()) {
            h.server.gate().close();
            List<FrontEndClient> fes = new ArrayList<>();
            try {
                for (int s : ALL_SOURCES) {
                    fes.add(FrontEndClient.connect(h.address(), s).hello().beginOfSpill().fragments(1, 10));
                }
                await().atMost(30, TimeUnit.SECONDS).until(() -> h.counters().frames[h.counters().indexOf(5)].get() == 12
                        && h.counters().frames[h.counters().indexOf(1)].get() == 12);
                h.server.sync();
                for (int s : ALL_SOURCES) {
                    int i = h.counters().indexOf(s);
                    assertThat(h.counters().fragmentsOutsideRun[i].get()).as("source " + s).isEqualTo(10);
                    assertThat(h.counters().markersOutsideRun[i].get()).as("source " + s).isEqualTo(1);
                    assertThat(h.counters().connected[i].get()).as("still connected").isEqualTo(1);
                }
                assertThat(h.ring.getCursor()).as("nothing went into the ring").isEqualTo(-1);
                assertThat(h.errorsOf(1)).isZero();

                h.server.gate().open();
                for (FrontEndClient fe : fes) {
                    fe.beginOfSpill().fragments(11, 20).endOfSpill(20);
                }
                h.drainUntilEndOfSpills(ALL_SOURCES);
                assertThat(h.fragmentsInRing()).as("the next spill's fragments, all of them").isEqualTo(50);
                assertThat(h.recorder.events(3)).containsExactly(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
                assertThat(h.counters().fragmentsOutsideRun[h.counters().indexOf(3)].get()).isEqualTo(10);
            } finally {
                for (FrontEndClient fe : fes) {
                    fe.close();
                }
            }
        }
    }
}

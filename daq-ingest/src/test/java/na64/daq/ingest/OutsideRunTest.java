package na64.daq.ingest;

import static na64.daq.ingest.IngestHarness.ALL_SOURCES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import na64.daq.pipeline.SpillSummary;

/**
 * While run control's gate is closed, front-ends stay connected and their frames are read, but
 * fragments and spill markers are counted per source as outside a run and never reach the builder;
 * once it opens, what follows is built as usual.
 */
class OutsideRunTest {
    @Test
    void framesSentWhileNoRunIsTakenAreCountedPerSourceAndNotBuiltThenTheRunBuildsWhatFollows() throws Exception {
        try (IngestHarness h = new IngestHarness()) {
            h.server.gate().close();
            List<FrontEnd> fes = new ArrayList<>();
            try {
                for (int s : ALL_SOURCES) {
                    fes.add(FrontEnd.connect(h.address(), s).hello().beginOfSpill().fragments(1, 10));
                }
                await().atMost(30, TimeUnit.SECONDS).until(() -> h.ingest().frames[h.ingest().indexOf(5)].get() == 12
                        && h.ingest().frames[h.ingest().indexOf(1)].get() == 12);
                h.server.sync();
                for (int s : ALL_SOURCES) {
                    int i = h.ingest().indexOf(s);
                    assertThat(h.ingest().fragmentsOutsideRun[i].get()).as("source " + s).isEqualTo(10);
                    assertThat(h.ingest().markersOutsideRun[i].get()).as("source " + s).isEqualTo(1);
                    assertThat(h.ingest().connected[i].get()).as("still connected").isEqualTo(1);
                }
                assertThat(h.pipeline.publishedSequence()).as("nothing went into the ring").isEqualTo(-1);
                assertThat(h.errorsOfSource(1)).isZero();

                h.server.gate().open();
                for (FrontEnd fe : fes) {
                    fe.beginOfSpill().fragments(11, 20).endOfSpill(20);
                }
                SpillSummary s = h.awaitSpillClosed();
                assertThat(s.complete).isEqualTo(10);
                assertThat(h.builder().fragments.get()).isEqualTo(50);
                assertThat(h.ingest().fragmentsOutsideRun[h.ingest().indexOf(3)].get()).isEqualTo(10);
            } finally {
                for (FrontEnd fe : fes) {
                    fe.close();
                }
            }
        }
    }
}

package na64.daq.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import na64.daq.pipeline.SpillSummary;

/**
 * Frames cut anywhere by the network (inside the header, inside the payload, several frames in one
 * read) are put together exactly: one source writes its whole spill in chunks of seeded random
 * sizes, flushed one by one, beside four sources writing frame by frame; every event is complete.
 */
class SplitReadsTest {
    private static final int EVENTS = 400;

    @Test
    void aSpillWrittenInRandomlySizedChunksBuildsEveryEventComplete() throws Exception {
        try (IngestHarness h = new IngestHarness()) {
            h.sendWholeSpills(EVENTS, 1, 2, 4, 5);
            try (FrontEnd fe = FrontEnd.connect(h.address(), 3)) {
                fe.hello();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (long e = 1; e <= EVENTS; e++) {
                    all.writeBytes(fe.fragmentFrame(e));
                }
                byte[] bytes = all.toByteArray();
                SplittableRandom rng = new SplittableRandom(42);
                fe.beginOfSpill();
                for (int at = 0; at < bytes.length; ) {
                    int n = Math.min(bytes.length - at, 1 + rng.nextInt(rng.nextBoolean() ? 20 : 600));
                    fe.send(bytes, at, n);
                    at += n;
                }
                fe.endOfSpill(EVENTS);
                SpillSummary s = h.awaitSpillClosed();
                await().atMost(30, TimeUnit.SECONDS).until(() -> h.sink.events().size() == EVENTS);

                assertThat(s.complete).isEqualTo(EVENTS);
                assertThat(s.incomplete).isZero();
                assertThat(h.sink.events()).allSatisfy(b -> assertThat(b.complete()).isTrue());
            }
            h.awaitGoodSources();
        }
    }
}

package na64.daq.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import na64.daq.testkit.FrontEndClient;

/**
 * Frames cut anywhere by the network (inside the header, inside the payload, several frames in one
 * read) are put together exactly over a real socket: one source writes its whole spill in chunks of
 * seeded random sizes, flushed one by one, beside four sources writing frame by frame; every
 * fragment reaches the ring, in order.
 */
class SplitReadsTest {
    private static final int EVENTS = 400;

    @Test
    void aSpillWrittenInRandomlySizedChunksReachesTheRingWhole() throws Exception {
        try (IngestRig rig = new IngestRig().start()) {
            rig.sendWholeSpills(EVENTS, 1, 2, 4, 5);
            try (FrontEndClient fe = FrontEndClient.connect(rig.address(), 3)) {
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
                for (int src : IngestRig.ALL_SOURCES) {
                    rig.drainUntilEndOfSpill(src);
                }
            }
            rig.awaitGoodSources();

            assertThat(rig.recorder.events(3)).containsExactlyElementsOf(LongStream.rangeClosed(1, EVENTS).boxed().toList());
            for (int src : IngestRig.ALL_SOURCES) {
                assertThat(rig.recorder.events(src)).hasSize(EVENTS);
                assertThat(rig.errorsOf(src)).isZero();
            }
        }
    }
}

package na64.daq.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.ingest.recorder.RawRecorder;
import na64.daq.ingest.recorder.RecorderCounters;
import na64.daq.pipeline.NanoClock;
import na64.daq.protocol.RawFileReader;

/**
 * The raw recorder on the real ingest server over loopback, its disk slowed by a hook: while the
 * writer is held, ingest stops reading (the front-ends' sends block, as with a slow store) and
 * nothing is lost; once it goes on, the recording holds every frame. A disk stuck past the stall
 * limit stops the recording loudly while the run goes on, and every frame is either in a file or
 * counted as not recorded.
 */
class RecorderBackpressureTest {
    private static final int EVENTS = 20_000;
    /** HELLO, BEGIN_OF_SPILL, the fragments and END_OF_SPILL of each of the five sources. */
    private static final long FRAMES = 5L * (EVENTS + 3);

    @TempDir
    Path dir;

    private final CountDownLatch disk = new CountDownLatch(1);

    private RawRecorder recorder(long stallNanos) throws Exception {
        Runnable slowDisk = () -> {
            try {
                disk.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        return RawRecorder.start(new RawRecorder.Settings(dir, RawRecorder.DEFAULT_MAX_FILE_BYTES, 2, stallNanos,
                NanoClock.SYSTEM, slowDisk), id -> id >= 1 && id <= 5);
    }

    @Test
    void aHeldWriterStopsIngestReadingAndOnceItGoesOnTheRecordingHoldsEveryFrame() throws Exception {
        RawRecorder recorder = recorder(TimeUnit.SECONDS.toNanos(300));
        RecorderCounters c = recorder.counters();
        try (IngestRig h = new IngestRig().tap(recorder).start()) {
            h.sendWholeSpills(EVENTS, IngestRig.ALL_SOURCES);
            // The ring is drained meanwhile, so only the recorder's disk can hold ingest back.
            CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> h.drainUntilEndOfSpills(IngestRig.ALL_SOURCES));
            await().atMost(30, TimeUnit.SECONDS).until(() -> c.waits.get() > 0);
            assertThat(received(h)).as("ingest waits for the recorder's disk: it stopped reading").isLessThan(FRAMES);
            assertThat(c.frames.get()).as("nothing written while the disk is held").isZero();
            disk.countDown();
            drained.get(60, TimeUnit.SECONDS);
            h.awaitGoodSources();
            assertThat(h.fragmentsInRing()).isEqualTo(EVENTS * 5L);
            assertThat(received(h)).isEqualTo(FRAMES);
        } finally {
            disk.countDown();
            recorder.close();
        }
        assertThat(c.frames.get()).isEqualTo(FRAMES);
        assertThat(c.unrecordedFrames()).isZero();
        assertThat(c.unframedBytes.get()).isZero();
        assertThat(c.waitNanos.get()).isPositive();
        assertThat(recorder.failure()).isNull();
        assertThat(framesPerSource()).as("each source's frames, all of them, in the recording")
                .isEqualTo(Map.of(1, EVENTS + 3L, 2, EVENTS + 3L, 3, EVENTS + 3L, 4, EVENTS + 3L, 5, EVENTS + 3L));
    }

    @Test
    void aDiskStuckPastTheStallLimitStopsTheRecordingWhileTheRunGoesOnAndEveryFrameIsAccountedFor() throws Exception {
        RawRecorder recorder = recorder(TimeUnit.MILLISECONDS.toNanos(200));
        RecorderCounters c = recorder.counters();
        try (IngestRig h = new IngestRig().tap(recorder).start()) {
            h.sendWholeSpills(EVENTS, IngestRig.ALL_SOURCES);
            h.drainUntilEndOfSpills(IngestRig.ALL_SOURCES);
            h.awaitGoodSources();
            assertThat(h.fragmentsInRing()).as("the run goes on without its recording").isEqualTo(EVENTS * 5L);
            assertThat(recorder.failure()).contains("the writer freed no buffer for 200 ms");
        } finally {
            disk.countDown();
            recorder.close();
        }
        assertThat(c.unrecordedFrames()).isPositive();
        assertThat(c.frames.get() + c.unrecordedFrames()).as("recorded or counted as not recorded").isEqualTo(FRAMES);
        assertThat(c.frames.get()).isEqualTo(framesPerSource().values().stream().mapToLong(Long::longValue).sum());
    }

    private static long received(IngestRig h) {
        long n = 0;
        for (int s : IngestRig.ALL_SOURCES) {
            n += h.counters().frames[h.counters().indexOf(s)].get();
        }
        return n;
    }

    /** Frames per source over every file of the recording. */
    private Map<Integer, Long> framesPerSource() throws Exception {
        Map<Integer, Long> n = new HashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            try (RawFileReader r = RawFileReader.open(f)) {
                while (r.next()) {
                    n.merge(r.sourceId(), 1L, Long::sum);
                }
            }
        }
        return n;
    }
}

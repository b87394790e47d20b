package na64.daq.app.dataout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqMain;
import na64.daq.app.DaqContext;
import na64.daq.app.DaqService;
import na64.daq.testkit.Samples;
import na64.daq.app.replay.Recording;
import na64.daq.app.replay.Replayer;
import na64.daq.config.ConfigLoader;
import na64.daq.ingest.recorder.RawRecorder;
import na64.daq.ingest.recorder.RecorderCounters;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.RawFileReader;

/**
 * Acceptance 1 of issue 12 (raw recorder): the faulty sample spill replayed through TCP into a
 * service that records its input gives one file per spill, each beginning with every source's HELLO,
 * holding every frame of every source as sent, good and bad, in order; {@code daq replay} of that
 * directory into a fresh service stores the same decisions and counts: every event (key, streams,
 * completeness, missing sources, energies) and every spill summary (triggers, complete, incomplete,
 * duplicates, protocol errors, accepted per stream, EOT, fragments received, ...).
 */
class RawRecordingReplayTest {
    @TempDir
    Path dir;

    @Test
    void aRecordingOfTheReplayedFaultySpillReplaysToTheSameDecisionsAndCounts() throws Exception {
        Path sample = Samples.dir().resolve("faulty-spill.na64raw");
        Recording original = Recording.load(sample);
        Path rec = dir.resolve("rec");
        Path first = dir.resolve("first");
        RecorderCounters recorded;
        try (DaqService service = DaqService.start(new DaqContext().config(ConfigLoader.loadDefault().withMonitoringPort(0))
                .storeDir(first).ingestHost("127.0.0.1").ingestPort(0)
                .record(RawRecorder.Settings.of(rec, RawRecorder.DEFAULT_MAX_FILE_BYTES)))) {
            assertThat(Replayer.replay(original, service.ingestAddress(), 0).failures()).isEmpty();
            await().atMost(60, TimeUnit.SECONDS).until(() -> service.pipeline().counters().spillsClosed.get() == 2);
            recorded = service.recorder().counters();
            assertThat(service.monitoring().metrics().scrape()).as("the meters docs/operations.md lists").contains(
                    "daq_recorder_frames_total", "daq_recorder_written_bytes_total", "daq_recorder_files_total",
                    "daq_recorder_backpressure_seconds_total", "daq_recorder_waits_total",
                    "daq_recorder_failed 0.0", "daq_recorder_unrecorded_frames_total", "daq_recorder_errors_total",
                    "daq_recorder_unframed_bytes_total", "daq_recorder_bad_headers_total", "daq_recorder_cut_frames_total");
        }

        List<Path> files = files(rec);
        assertThat(files).extracting(f -> f.getFileName().toString())
                .containsExactly("run004243-spill0001-part001.na64raw", "run004243-spill0002-part001.na64raw");
        assertThat(recorded.frames.get()).isEqualTo(original.frameCount()).isEqualTo(6021);
        assertThat(recorded.unrecordedFrames() + recorded.unframedBytes.get() + recorded.cutFrames.get()).isZero();
        assertThat(leadingHellos(files.get(1))).as("the second file begins with the HELLO of every source of the first")
                .isEqualTo(framesBySource(files.subList(0, 1)).keySet());
        assertThat(framesBySource(files)).as("every source's frames, as sent, in order")
                .isEqualTo(framesBySource(List.of(sample)));

        Path second = dir.resolve("second");
        assertThat(DaqMain.run("replay", "--max", "--store", second.toString(), rec.toString())).isZero();
        List<String> before = comparable(ReplayedStores.dump(first));
        List<String> after = comparable(ReplayedStores.dump(second));
        assertThat(before).hasSizeGreaterThan(100).anyMatch(l -> l.contains("\"complete\":false"))
                .anyMatch(l -> l.contains("\"kind\":\"spill\"") && !l.contains("\"protocol_errors\":0"));
        assertThat(after).isEqualTo(before);
    }

    /**
     * Event and spill lines without the wall clock at which each spill closed, sorted (events are
     * stored in decision order); run and configuration records carry the time of each service's start.
     */
    private static List<String> comparable(List<JsonNode> lines) {
        List<String> out = new ArrayList<>();
        for (JsonNode l : lines) {
            String kind = l.path("kind").asText();
            if (!kind.equals("event") && !kind.equals("spill")) {
                continue;
            }
            ((ObjectNode) l).remove("closed_wall_clock_ns");
            out.add(l.toString());
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static List<Path> files(Path rec) throws IOException {
        try (Stream<Path> s = Files.list(rec)) {
            return s.sorted().toList();
        }
    }

    private static List<byte[]> read(Path file) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (RawFileReader r = RawFileReader.open(file)) {
            while (r.next()) {
                out.add(Arrays.copyOf(r.frame(), r.frameLength()));
            }
        }
        return out;
    }

    /** The sources whose HELLOs {@code file} begins with. */
    private static java.util.Set<Integer> leadingHellos(Path file) throws IOException {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        for (byte[] f : read(file)) {
            if ((f[FrameHeader.TYPE_OFFSET] & 0xFF) != FrameHeader.TYPE_HELLO || !out.add(source(f))) {
                break;
            }
        }
        return out;
    }

    private static int source(byte[] frame) {
        return (frame[FrameHeader.SOURCE_OFFSET] & 0xFF) | (frame[FrameHeader.SOURCE_OFFSET + 1] & 0xFF) << 8;
    }

    /**
     * Each source's frames over {@code files} in order, as hex (comparable), without the HELLOs a file
     * after the first begins with (the recorder's copies of what each source already sent).
     */
    private static Map<Integer, List<String>> framesBySource(List<Path> files) throws IOException {
        Map<Integer, List<String>> out = new TreeMap<>();
        for (int k = 0; k < files.size(); k++) {
            List<byte[]> frames = read(files.get(k));
            int leading = k == 0 ? 0 : leadingHellos(files.get(k)).size();
            for (byte[] f : frames.subList(leading, frames.size())) {
                out.computeIfAbsent(source(f), s -> new ArrayList<>()).add(java.util.HexFormat.of().formatHex(f));
            }
        }
        return out;
    }
}

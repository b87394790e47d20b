package na64.daq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RawFileReader#openToLastWholeRecord(Path)}: a file cut anywhere inside its last record (its
 * writer was killed) reads back to its last whole record, says where the cut record began, and hands
 * the cut record to no {@link RawFileReader.Wanted}; a strict reader still fails on it.
 */
class RawFileReaderCutRecordTest {
    @TempDir
    Path dir;

    @Test
    void aFileCutAtAnyByteOfItsLastRecordReadsBackToTheRecordBefore() throws IOException {
        Random random = new Random(7);
        FrameEncoder enc = new FrameEncoder();
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] payload = new byte[10 + random.nextInt(40)];
            random.nextBytes(payload);
            frames.add(enc.begin(FrameHeader.TYPE_FRAGMENT, 1 + i % 2).putBytes(payload, 0, payload.length).toFrame());
        }
        Path whole = dir.resolve("whole.na64raw");
        try (RawFileWriter w = RawFileWriter.create(whole)) {
            for (int i = 0; i < frames.size(); i++) {
                w.write(i * 10L, frames.get(i), 0, frames.get(i).length);
            }
        }
        byte[] bytes = Files.readAllBytes(whole);
        int lastRecord = bytes.length - 8 - frames.get(3).length;
        for (int cut = lastRecord; cut < bytes.length; cut++) {
            Path file = Files.write(dir.resolve("cut-" + cut + ".na64raw"), Arrays.copyOf(bytes, cut));
            for (boolean skipping : new boolean[] {false, true}) {
                List<byte[]> read = new ArrayList<>();
                List<Integer> offered = new ArrayList<>();
                try (RawFileReader r = RawFileReader.openToLastWholeRecord(file)) {
                    while (r.next((source, type, length) -> offered.add(source) && !(skipping && source == 2))) {
                        read.add(Arrays.copyOf(r.frame(), r.frameLength()));
                    }
                    assertThat(r.cutRecord()).as("cut at %d", cut).isEqualTo(cut == lastRecord ? null
                            : file + ": the last record, at byte " + lastRecord + ", is cut by the end of the file ("
                                    + (cut - lastRecord < 8 ? "in its record time" : cut - lastRecord < 24
                                            ? "in its frame header" : "in its frame payload")
                                    + "); read up to the last whole record");
                }
                assertThat(offered).as("the cut record is offered to nobody").containsExactly(1, 2, 1);
                assertThat(read).hasSize(skipping ? 2 : 3);
                assertThat(read.get(0)).isEqualTo(frames.get(0));
                assertThat(read.get(read.size() - 1)).isEqualTo(frames.get(2));
            }
        }
    }

    @Test
    void aStrictReaderStillFailsOnACutRecord() throws IOException {
        byte[] frame = new FrameEncoder().hello(3, 1, 36, "ECAL-MAIN");
        Path file = dir.resolve("cut.na64raw");
        try (RawFileWriter w = RawFileWriter.create(file)) {
            w.write(0, frame, 0, frame.length - 1);
        }
        try (RawFileReader r = RawFileReader.open(file)) {
            assertThatThrownBy(r::next).isInstanceOf(RawFileFormatException.class).hasMessageContaining("truncated frame payload");
        }
    }
}

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

/** {@link RawFileReader#next(RawFileReader.Wanted)}: one source's frames read in order, the others skipped unread. */
class RawFileReaderSkipTest {
    @TempDir
    Path dir;

    @Test
    void readsOnlyTheWantedSourcesFramesInFileOrderWithTheirTimes() throws IOException {
        Random random = new Random(13);
        FrameEncoder enc = new FrameEncoder();
        List<byte[]> mine = new ArrayList<>();
        List<Long> mineTimes = new ArrayList<>();
        Path file = dir.resolve("mixed.na64raw");
        try (RawFileWriter w = RawFileWriter.create(file)) {
            for (int i = 0; i < 500; i++) {
                int source = 1 + random.nextInt(3);
                byte[] payload = new byte[random.nextInt(5000)];
                random.nextBytes(payload);
                byte[] frame = enc.begin(FrameHeader.TYPE_FRAGMENT, source).putBytes(payload, 0, payload.length).toFrame();
                w.write(i * 1000L, frame, 0, frame.length);
                if (source == 2) {
                    mine.add(frame);
                    mineTimes.add(i * 1000L);
                }
            }
        }
        List<byte[]> read = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        long[] seen = new long[1];
        try (RawFileReader r = RawFileReader.open(file)) {
            while (r.next((source, type, length) -> {
                seen[0]++;
                return source == 2;
            })) {
                read.add(Arrays.copyOf(r.frame(), r.frameLength()));
                times.add(r.receiveTimeNs());
            }
        }
        assertThat(seen[0]).isEqualTo(500);
        assertThat(times).isEqualTo(mineTimes);
        assertThat(read).hasSameSizeAs(mine);
        for (int i = 0; i < mine.size(); i++) {
            assertThat(read.get(i)).isEqualTo(mine.get(i));
        }
    }

    @Test
    void aTruncatedPayloadIsReportedAlsoWhenItIsSkipped() throws IOException {
        Path file = dir.resolve("cut.na64raw");
        byte[] frame = new FrameEncoder().begin(FrameHeader.TYPE_FRAGMENT, 4).putBytes(new byte[100], 0, 100).toFrame();
        try (RawFileWriter w = RawFileWriter.create(file)) {
            w.write(0, frame, 0, frame.length - 10);
        }
        try (RawFileReader r = RawFileReader.open(file)) {
            assertThatThrownBy(() -> r.next((source, type, length) -> false))
                    .isInstanceOf(RawFileFormatException.class).hasMessageContaining("truncated frame payload");
        }
        assertThat(Files.size(file)).isEqualTo(RawFileReader.FILE_HEADER_LENGTH + 8 + frame.length - 10);
    }
}

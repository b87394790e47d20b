package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.LittleEndian;
import na64.daq.protocol.RawFileReader;
import na64.daq.testkit.FrontEndGroup;

/**
 * Acceptance 2 of issue 12 (raw recorder): {@code daq serve --record} in its own JVM, recording a
 * spill and the paced start of the next with small files (so it has rotated at the spill and by
 * size), is killed with SIGKILL. Every file it left reads back with {@link RawFileReader} to its
 * last whole record: the closed ones whole (strictly), the one being written up to its last whole
 * record. Every record is a whole frame as sent, each source's frames in the order sent with none
 * missing before the last one recorded, and each file after the first begins with the HELLOs of the
 * sources before it.
 */
class RecorderKillNineTest {
    private static final long RUN = 4712;
    private static final int CHANNELS = 36;
    private static final int FIRST_SPILL_EVENTS = 300;

    @TempDir
    Path dir;

    @Test
    void sigkillWhileRecordingLeavesEveryFileReadableToItsLastWholeRecord() throws Exception {
        Path rec = dir.resolve("rec");
        FrontEndGroup fe = new FrontEndGroup(RUN, CHANNELS);
        try (DaqProcess serve = DaqProcess.start(dir.resolve("serve.err"), "serve", "--port", "0", "--http-port", "-1",
                "--store", dir.resolve("store").toString(), "--record", rec.toString(), "--record-max-mb", "1")) {
            fe.connectAll(serve.awaitIngest()).beginOfSpill(1);
            for (long e = 1; e <= FIRST_SPILL_EVENTS; e++) {
                fe.event(1, e);
            }
            fe.endOfSpill(1, FIRST_SPILL_EVENTS);
            PacedSpill spill2 = PacedSpill.start(fe, 2);
            // About 10 kB a trigger and 1 MiB files: wait until spill 2 is into its second file.
            await().atMost(60, TimeUnit.SECONDS).until(() -> names(rec).contains("run004712-spill0002-part002.na64raw"));
            serve.process.destroyForcibly(); // SIGKILL: no shutdown hook, the writer stops wherever it is
            assertThat(serve.awaitExit()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
            assertThat(spill2.awaitEnd()).as("the front-ends noticed the service was gone").isNotNull();
        } finally {
            fe.close();
        }

        List<Path> files = files(rec);
        // Which file a digitizer's last frames of spill 1 land in depends on when they arrive, after the
        // trigger unit's BEGIN_OF_SPILL 2 or before; the order of each source's frames does not.
        assertThat(names(rec)).startsWith("run004712-spill0001-part001.na64raw")
                .contains("run004712-spill0002-part001.na64raw", "run004712-spill0002-part002.na64raw");
        Map<Integer, List<byte[]>> bySource = new HashMap<>();
        for (int k = 0; k < files.size(); k++) {
            boolean last = k == files.size() - 1;
            List<byte[]> frames = new ArrayList<>();
            try (RawFileReader r = last ? RawFileReader.openToLastWholeRecord(files.get(k)) : RawFileReader.open(files.get(k))) {
                while (r.next()) {
                    frames.add(Arrays.copyOf(r.frame(), r.frameLength()));
                }
            }
            Set<Integer> leading = k == 0 ? Set.of() : leadingHellos(frames);
            assertThat(leading).as("%s begins with the HELLO of every source before it", files.get(k))
                    .containsAll(bySource.keySet());
            for (byte[] f : frames.subList(leading.size(), frames.size())) {
                bySource.computeIfAbsent(source(f), s -> new ArrayList<>()).add(f);
            }
        }
        assertThat(bySource.keySet()).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(bySource.get(1)).as("the trigger unit's BEGIN_OF_SPILL 2, which began the spill-2 files, is recorded")
                .anyMatch(f -> type(f) == FrameHeader.TYPE_BEGIN_OF_SPILL && LittleEndian.u32(f, FrameHeader.LENGTH + 4) == 2);
        for (Map.Entry<Integer, List<byte[]>> e : bySource.entrySet()) {
            assertWhatWasSentInOrder(fe, e.getKey(), e.getValue());
        }
    }

    /**
     * The frames recorded of {@code source} are the start of what it sent, in order and none missing:
     * HELLO, BEGIN_OF_SPILL 1, its fragments, END_OF_SPILL 1, BEGIN_OF_SPILL 2, its fragments (each
     * fragment byte for byte). How far each source got before the kill depends on the kill.
     */
    private static void assertWhatWasSentInOrder(FrontEndGroup fe, int source, List<byte[]> frames) {
        List<String> sent = new ArrayList<>(List.of("HELLO", "BEGIN_OF_SPILL"));
        for (long e = 1; e <= FIRST_SPILL_EVENTS; e++) {
            sent.add("FRAGMENT 1/" + e);
        }
        sent.addAll(List.of("END_OF_SPILL", "BEGIN_OF_SPILL"));
        for (long e = 1; sent.size() < frames.size(); e++) {
            sent.add("FRAGMENT 2/" + e);
        }
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            String what = sent.get(i);
            assertThat(FrameHeader.typeName(type(f))).as("source %d frame %d", source, i).isEqualTo(what.split(" ")[0]);
            if (what.startsWith("FRAGMENT")) {
                String[] key = what.substring(9).split("/");
                assertThat(Arrays.copyOfRange(f, FrameHeader.LENGTH, f.length)).as("source %d %s", source, what)
                        .isEqualTo(fe.payload(Long.parseLong(key[0]), source, Long.parseLong(key[1])));
            }
        }
    }

    /** The sources whose HELLOs {@code frames} begin with. */
    private static Set<Integer> leadingHellos(List<byte[]> frames) {
        Set<Integer> out = new TreeSet<>();
        for (byte[] f : frames) {
            if (type(f) != FrameHeader.TYPE_HELLO || !out.add(source(f))) {
                break;
            }
        }
        return out;
    }

    private static int source(byte[] frame) {
        return LittleEndian.u16(frame, FrameHeader.SOURCE_OFFSET);
    }

    private static int type(byte[] frame) {
        return frame[FrameHeader.TYPE_OFFSET] & 0xFF;
    }

    private static List<Path> files(Path rec) throws IOException {
        if (!Files.isDirectory(rec)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(rec)) {
            return s.sorted().toList();
        }
    }

    private static List<String> names(Path rec) throws IOException {
        return files(rec).stream().map(p -> p.getFileName().toString()).toList();
    }
}

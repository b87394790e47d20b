package na64.daq.ingest.recorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.HelloFlyweight;
import na64.daq.protocol.RawFileReader;

/** Frames to feed the recorder, and what its files hold, for the recorder's tests. */
final class Recorded {
    static final long RUN = 4243;

    /** One record read back: its receive time and frame. */
    record Rec(long time, byte[] frame) {
        int source() {
            return (frame[FrameHeader.SOURCE_OFFSET] & 0xFF) | (frame[FrameHeader.SOURCE_OFFSET + 1] & 0xFF) << 8;
        }

        int type() {
            return frame[FrameHeader.TYPE_OFFSET] & 0xFF;
        }
    }

    private Recorded() {
    }

    static byte[] hello(int source) {
        return source == 1 ? new FrameEncoder().hello(1, HelloFlyweight.BOARD_TRIGGER_UNIT, 0, "TRIGGER")
                : new FrameEncoder().hello(source, HelloFlyweight.BOARD_MSADC, 36, "ADC-" + source);
    }

    static byte[] begin(int source, long spill) {
        return new FrameEncoder().beginOfSpill(source, RUN, spill, 1_700_000_000_000_000_000L);
    }

    static byte[] end(int source, long spill, long triggers) {
        return new FrameEncoder().endOfSpill(source, RUN, spill, triggers);
    }

    /** A FRAGMENT of {@code spill} with {@code extra} random bytes after its header. */
    static byte[] fragment(int source, long spill, long event, int extra, Random random) {
        byte[] body = new byte[extra];
        random.nextBytes(body);
        return new FrameEncoder().begin(FrameHeader.TYPE_FRAGMENT, source)
                .putFragmentHeader(RUN, spill, event, 0, event * 1000, 1, 1, 0, 0).putBytes(body, 0, extra).toFrame();
    }

    /** {@code frame} with its CRC spoiled (a bad frame the service counts and a recording must keep). */
    static byte[] badCrc(byte[] frame) {
        byte[] f = frame.clone();
        f[FrameHeader.CRC_OFFSET] ^= 0x5A;
        return f;
    }

    static byte[] concat(List<byte[]> frames) {
        int n = frames.stream().mapToInt(f -> f.length).sum();
        byte[] out = new byte[n];
        int p = 0;
        for (byte[] f : frames) {
            System.arraycopy(f, 0, out, p, f.length);
            p += f.length;
        }
        return out;
    }

    /** The recorder's files in {@code dir}, in name order (which is the order they were written). */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".na64raw")).sorted().toList();
        }
    }

    static List<String> names(Path dir) throws IOException {
        return files(dir).stream().map(p -> p.getFileName().toString()).toList();
    }

    /** Every record of {@code file}, strictly read (a cut record fails). */
    static List<Rec> read(Path file) throws IOException {
        List<Rec> out = new ArrayList<>();
        try (RawFileReader r = RawFileReader.open(file)) {
            while (r.next()) {
                out.add(new Rec(r.receiveTimeNs(), Arrays.copyOf(r.frame(), r.frameLength())));
            }
        }
        return out;
    }

    /** The records of {@code file} after its leading HELLOs ({@code leading} of them). */
    static List<Rec> afterLeading(Path file, int leading) throws IOException {
        List<Rec> all = read(file);
        return all.subList(leading, all.size());
    }
}

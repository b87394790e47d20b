package na64.daq.app.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.LittleEndian;
import na64.daq.protocol.RawFileReader;

/**
 * A recorded spill file (spec appendix B) loaded into memory and split per source, in file order:
 * what the replayer sends on each source's connection. Also lists the spills the file holds, taken
 * from its CRC-valid BEGIN_OF_SPILL and END_OF_SPILL frames.
 */
public final class Recording {
    /** One source's frames and their receive times (ns since the first record). */
    public record SourceStream(int sourceId, long[] timesNs, List<byte[]> frames) {
    }

    /** A (run, spill) key. */
    public record SpillKey(long run, long spill) {
    }

    private final Map<Integer, SourceStream> sources;
    private final Set<SpillKey> spills;
    private final long frames;

    private Recording(Map<Integer, SourceStream> sources, Set<SpillKey> spills, long frames) {
        this.sources = sources;
        this.spills = spills;
        this.frames = frames;
    }

    /** Reads and checks the whole file; a malformed file fails with a message naming the byte offset. */
    public static Recording load(Path file) throws IOException {
        Map<Integer, List<byte[]>> frames = new TreeMap<>();
        Map<Integer, long[]> times = new TreeMap<>();
        Map<Integer, Integer> counts = new TreeMap<>();
        Set<SpillKey> spills = new LinkedHashSet<>();
        CRC32C crc = new CRC32C();
        long total = 0;
        try (RawFileReader r = RawFileReader.open(file)) {
            while (r.next()) {
                byte[] frame = Arrays.copyOf(r.frame(), r.frameLength());
                int src = r.sourceId();
                int n = counts.merge(src, 1, Integer::sum);
                frames.computeIfAbsent(src, k -> new ArrayList<>()).add(frame);
                long[] t = times.computeIfAbsent(src, k -> new long[1024]);
                if (t.length < n) {
                    t = Arrays.copyOf(t, t.length * 2);
                    times.put(src, t);
                }
                t[n - 1] = r.receiveTimeNs();
                total++;
                int type = r.type();
                if (type == FrameHeader.TYPE_BEGIN_OF_SPILL || type == FrameHeader.TYPE_END_OF_SPILL) {
                    int len = frame.length - FrameHeader.LENGTH;
                    crc.reset();
                    crc.update(frame, FrameHeader.LENGTH, len);
                    if ((int) crc.getValue() == LittleEndian.i32(frame, FrameHeader.CRC_OFFSET) && len >= 8) {
                        spills.add(new SpillKey(LittleEndian.u32(frame, FrameHeader.LENGTH),
                                LittleEndian.u32(frame, FrameHeader.LENGTH + 4)));
                    }
                }
            }
        }
        Map<Integer, SourceStream> sources = new TreeMap<>();
        for (Map.Entry<Integer, List<byte[]>> e : frames.entrySet()) {
            int n = counts.get(e.getKey());
            sources.put(e.getKey(), new SourceStream(e.getKey(), Arrays.copyOf(times.get(e.getKey()), n), e.getValue()));
        }
        return new Recording(sources, spills, total);
    }

    public Map<Integer, SourceStream> sources() {
        return sources;
    }

    public Set<SpillKey> spills() {
        return spills;
    }

    public long frameCount() {
        return frames;
    }
}

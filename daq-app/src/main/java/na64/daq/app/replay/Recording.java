package na64.daq.app.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.LittleEndian;
import na64.daq.protocol.RawFileReader;

/**
 * A recorded spill file (spec appendix B), indexed but not loaded: one pass over the file checks
 * its framing and notes each source's frame and byte counts, the spills it holds (from its
 * CRC-valid BEGIN_OF_SPILL and END_OF_SPILL frames) and its length in recorded time. Payloads
 * other than the spill markers are skipped unread, so the index costs a few bytes per source
 * whatever the file's size; the {@link Replayer} then streams each source's frames from the file.
 */
public final class Recording {
    /** One source's share of the file. */
    public record SourceStream(int sourceId, long frames, long bytes) {
    }

    /** A (run, spill) key. */
    public record SpillKey(long run, long spill) {
    }

    private final Path file;
    private final Map<Integer, SourceStream> sources;
    private final Set<SpillKey> spills;
    private final long frames;
    private final long bytes;
    private final long durationNs;

    private Recording(Path file, Map<Integer, SourceStream> sources, Set<SpillKey> spills, long frames, long bytes,
                      long durationNs) {
        this.file = file;
        this.sources = Collections.unmodifiableMap(sources);
        this.spills = Collections.unmodifiableSet(spills);
        this.frames = frames;
        this.bytes = bytes;
        this.durationNs = durationNs;
    }

    /** Indexes the file; a malformed file fails here, before anything is sent, naming the byte offset. */
    public static Recording load(Path file) throws IOException {
        Map<Integer, long[]> counts = new TreeMap<>();
        Set<SpillKey> spills = new LinkedHashSet<>();
        CRC32C crc = new CRC32C();
        long[] totals = new long[3]; // frames, bytes, last receive time
        try (RawFileReader r = RawFileReader.open(file)) {
            RawFileReader.Wanted markers = (source, type, length) -> {
                long[] c = counts.computeIfAbsent(source, k -> new long[2]);
                c[0]++;
                c[1] += FrameHeader.LENGTH + length;
                totals[0]++;
                totals[1] += FrameHeader.LENGTH + length;
                totals[2] = Math.max(totals[2], r.receiveTimeNs());
                return type == FrameHeader.TYPE_BEGIN_OF_SPILL || type == FrameHeader.TYPE_END_OF_SPILL;
            };
            while (r.next(markers)) {
                byte[] frame = r.frame();
                int len = r.frameLength() - FrameHeader.LENGTH;
                crc.reset();
                crc.update(frame, FrameHeader.LENGTH, len);
                if ((int) crc.getValue() == LittleEndian.i32(frame, FrameHeader.CRC_OFFSET) && len >= 8) {
                    spills.add(new SpillKey(LittleEndian.u32(frame, FrameHeader.LENGTH),
                            LittleEndian.u32(frame, FrameHeader.LENGTH + 4)));
                }
            }
        }
        Map<Integer, SourceStream> sources = new TreeMap<>();
        counts.forEach((id, c) -> sources.put(id, new SourceStream(id, c[0], c[1])));
        return new Recording(file, sources, spills, totals[0], totals[1], totals[2]);
    }

    public Path file() {
        return file;
    }

    /** Sources by id, ascending. */
    public Map<Integer, SourceStream> sources() {
        return sources;
    }

    public Set<SpillKey> spills() {
        return spills;
    }

    public long frameCount() {
        return frames;
    }

    /** Bytes of all frames (what the replayer sends). */
    public long byteCount() {
        return bytes;
    }

    /** Receive time of the last record, ns since the first: the replay's length at speed 1. */
    public long durationNs() {
        return durationNs;
    }
}

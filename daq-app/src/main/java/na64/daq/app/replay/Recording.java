package na64.daq.app.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
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
 * A recorded spill (spec appendix B): one file, or the files of a raw recording in the order they
 * were written ({@code daq serve --record}: one per spill and size part, each beginning with every
 * source's HELLO), replayed as one stream. Indexed but not loaded: one pass over the files checks
 * their framing and notes each source's frame and byte counts, the spills they hold (from their
 * CRC-valid BEGIN_OF_SPILL and END_OF_SPILL frames) and their length in recorded time. Payloads other
 * than spill markers and HELLOs are skipped unread, so the index costs a few bytes per source
 * whatever the size; the {@link Replayer} then streams each source's frames from the files.
 *
 * <p>A file whose writer was killed may end in a cut record: it is read to its last whole record,
 * and {@link #cutRecords()} says so, one line per such file. HELLOs that only repeat at the start of a
 * file what their source already sent ({@link LeadingHellos}) are not counted: they are not sent.
 */
public final class Recording {
    /** One source's share of the recording. */
    public record SourceStream(int sourceId, long frames, long bytes) {
    }

    /** A (run, spill) key. */
    public record SpillKey(long run, long spill) {
    }

    private final List<Path> files;
    private final long[] fileDurations;
    private final Map<Integer, SourceStream> sources;
    private final Set<SpillKey> spills;
    private final List<String> cutRecords;
    private final long frames;
    private final long bytes;

    private Recording(List<Path> files, long[] fileDurations, Map<Integer, SourceStream> sources, Set<SpillKey> spills,
                      List<String> cutRecords, long frames, long bytes) {
        this.files = List.copyOf(files);
        this.fileDurations = fileDurations;
        this.sources = Collections.unmodifiableMap(sources);
        this.spills = Collections.unmodifiableSet(spills);
        this.cutRecords = List.copyOf(cutRecords);
        this.frames = frames;
        this.bytes = bytes;
    }

    /** Indexes the file; a malformed file fails here, before anything is sent, naming the byte offset. */
    public static Recording load(Path file) throws IOException {
        return load(List.of(file));
    }

    /** Indexes {@code files}, to be replayed one after the other as one stream per source. */
    public static Recording load(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no file to replay");
        }
        Map<Integer, long[]> counts = new TreeMap<>();
        Map<Integer, byte[]> lastHello = new HashMap<>();
        Set<SpillKey> spills = new LinkedHashSet<>();
        List<String> cut = new ArrayList<>();
        long[] durations = new long[files.size()];
        CRC32C crc = new CRC32C();
        LeadingHellos leading = new LeadingHellos();
        for (int k = 0; k < files.size(); k++) {
            leading.startFile();
            long[] last = new long[1];
            try (RawFileReader r = RawFileReader.openToLastWholeRecord(files.get(k))) {
                RawFileReader.Wanted wanted = (source, type, length) -> {
                    long[] c = counts.computeIfAbsent(source, s -> new long[2]);
                    c[0]++;
                    c[1] += FrameHeader.LENGTH + length;
                    last[0] = Math.max(last[0], r.receiveTimeNs());
                    leading.next(source, type);
                    return type == FrameHeader.TYPE_HELLO || type == FrameHeader.TYPE_BEGIN_OF_SPILL
                            || type == FrameHeader.TYPE_END_OF_SPILL;
                };
                while (r.next(wanted)) {
                    byte[] frame = r.frame();
                    int len = r.frameLength() - FrameHeader.LENGTH;
                    if (r.type() == FrameHeader.TYPE_HELLO) {
                        if (leading.repeats(frame, r.frameLength(), lastHello.get(r.sourceId()))) {
                            long[] c = counts.get(r.sourceId());
                            c[0]--;
                            c[1] -= r.frameLength();
                        }
                        lastHello.put(r.sourceId(), Arrays.copyOf(frame, r.frameLength()));
                        continue;
                    }
                    crc.reset();
                    crc.update(frame, FrameHeader.LENGTH, len);
                    if ((int) crc.getValue() == LittleEndian.i32(frame, FrameHeader.CRC_OFFSET) && len >= 8) {
                        spills.add(new SpillKey(LittleEndian.u32(frame, FrameHeader.LENGTH),
                                LittleEndian.u32(frame, FrameHeader.LENGTH + 4)));
                    }
                }
                if (r.cutRecord() != null) {
                    cut.add(r.cutRecord());
                }
            }
            durations[k] = last[0];
        }
        Map<Integer, SourceStream> sources = new TreeMap<>();
        long frames = 0;
        long bytes = 0;
        for (Map.Entry<Integer, long[]> e : counts.entrySet()) {
            sources.put(e.getKey(), new SourceStream(e.getKey(), e.getValue()[0], e.getValue()[1]));
            frames += e.getValue()[0];
            bytes += e.getValue()[1];
        }
        return new Recording(files, durations, sources, spills, cut, frames, bytes);
    }

    /** The files, in replay order. */
    public List<Path> files() {
        return files;
    }

    /** For messages: the file's name, or the first one's and how many follow. */
    public String name() {
        String first = String.valueOf(files.get(0).getFileName());
        return files.size() == 1 ? first : first + " and " + (files.size() - 1) + " more";
    }

    /**
     * Where file {@code k}'s receive times start on the replay's time line: the files' lengths before
     * it added up (each file's times count from its own first record).
     */
    long startOf(int k) {
        long t = 0;
        for (int i = 0; i < k; i++) {
            t += fileDurations[i];
        }
        return t;
    }

    /** Sources by id, ascending. */
    public Map<Integer, SourceStream> sources() {
        return sources;
    }

    public Set<SpillKey> spills() {
        return spills;
    }

    /** One line for each file that ends in a cut record (its writer was killed), naming where. */
    public List<String> cutRecords() {
        return cutRecords;
    }

    /** Frames the replay sends. */
    public long frameCount() {
        return frames;
    }

    /** Bytes of all frames (what the replayer sends). */
    public long byteCount() {
        return bytes;
    }

    /** Receive time of the last record, ns since the first: the replay's length at speed 1. */
    public long durationNs() {
        return startOf(files.size());
    }
}

package na64.daq.protocol;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a recorded spill, {@code .na64raw} (spec appendix B): a 16-byte file header, then records
 * back to back.
 *
 * <pre>
 * file header   0  8  "NA64RAW" + 0x00
 *               8  4  u32 version = 1
 *              12  4  u32 reserved = 0
 * record        0  8  u64 receive time, ns since the first record
 *               8 16+N one whole frame as it crossed the wire (spec §2)
 * </pre>
 *
 * Frames are returned as they are: a frame with a bad CRC or type is still a record (the replayer
 * must send it so the service counts it), but a record that cannot be framed (truncated, length
 * over the cap, bad magic) fails with a {@link RawFileFormatException} naming the byte offset.
 *
 * <p>A file whose writer was killed (the raw recorder under {@code kill -9}, a full disk) may end in
 * the middle of its last record. {@link #openToLastWholeRecord(Path)} reads such a file up to its
 * last whole record and says in {@link #cutRecord()} where the cut one began; a cut anywhere but at
 * the end cannot happen (records follow each other), and bad framing still fails.
 */
public final class RawFileReader implements AutoCloseable {
    public static final byte[] FILE_MAGIC = {'N', 'A', '6', '4', 'R', 'A', 'W', 0};
    public static final int FILE_HEADER_LENGTH = 16;
    public static final int FILE_VERSION = 1;

    private final String name;
    private final InputStream in;
    private final byte[] timeBytes = new byte[8];
    private final FrameHeader header = new FrameHeader();
    private byte[] frame = new byte[64 * 1024];
    private int frameLength;
    private long receiveTimeNs;
    private long position;
    /** Where the record being read began; a record cut by the end of the file is reported from here. */
    private long recordStart;
    /** Whether a record cut by the end of the file ends the file instead of failing. */
    private final boolean toLastWholeRecord;
    private String cutRecord;
    /** File size at open when reading to the last whole record: a record past it is cut (checked before {@link Wanted}). */
    private final long limit;

    private RawFileReader(Path path, boolean toLastWholeRecord) throws IOException {
        this.name = path.toString();
        this.toLastWholeRecord = toLastWholeRecord;
        this.limit = toLastWholeRecord ? Files.size(path) : Long.MAX_VALUE;
        this.in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        byte[] fileHeader = new byte[FILE_HEADER_LENGTH];
        int n = in.readNBytes(fileHeader, 0, FILE_HEADER_LENGTH);
        if (n < FILE_HEADER_LENGTH) {
            in.close();
            throw new RawFileFormatException(name + ": truncated file header (" + n + " of 16 bytes)");
        }
        if (!Arrays.equals(fileHeader, 0, 8, FILE_MAGIC, 0, 8)) {
            in.close();
            throw new RawFileFormatException(name + ": not a recorded spill (bad magic, expected \"NA64RAW\\0\")");
        }
        long version = LittleEndian.u32(fileHeader, 8);
        if (version != FILE_VERSION) {
            in.close();
            throw new RawFileFormatException(name + ": unsupported recorded-spill version " + version);
        }
        position = FILE_HEADER_LENGTH;
    }

    /** Opens and checks the file header. */
    public static RawFileReader open(Path path) throws IOException {
        return new RawFileReader(path, false);
    }

    /**
     * Opens a file that may end in a cut record (its writer was killed): reading stops cleanly at the
     * last whole record, and {@link #cutRecord()} then describes what was left out.
     */
    public static RawFileReader openToLastWholeRecord(Path path) throws IOException {
        return new RawFileReader(path, true);
    }

    /**
     * After {@link #next()} returned false on a file opened with {@link #openToLastWholeRecord(Path)}:
     * one line naming the byte offset of the record cut by the end of the file, or null if it ended cleanly.
     */
    public String cutRecord() {
        return cutRecord;
    }

    /**
     * Which records {@link #next(Wanted)} returns; the payloads of the others are skipped unread.
     * Called once per record, with {@link #receiveTimeNs()} already that record's.
     */
    @FunctionalInterface
    public interface Wanted {
        boolean wants(int sourceId, int type, long payloadLength);
    }

    /** Advances to the next record; false at a clean end of file. */
    public boolean next() throws IOException {
        return next((source, type, length) -> true);
    }

    /**
     * Advances to the next record that {@code wanted} accepts, skipping the payloads of the others
     * (a streaming replayer reads one source's frames without buffering the rest); false at a
     * clean end of file. Skipped records are checked for framing like the others.
     */
    public boolean next(Wanted wanted) throws IOException {
        while (readHeader()) {
            long len = header.payloadLength();
            if (wanted.wants(header.sourceId(), header.type(), len)) {
                return readPayload((int) len);
            }
            try {
                in.skipNBytes(len);
            } catch (java.io.EOFException e) {
                return cut("frame payload");
            }
            position += FrameHeader.LENGTH + len;
        }
        return false;
    }

    private boolean readHeader() throws IOException {
        if (cutRecord != null) {
            return false;
        }
        int n = in.readNBytes(timeBytes, 0, 8);
        if (n == 0) {
            return false;
        }
        recordStart = position;
        if (n < 8) {
            return cut("record time");
        }
        receiveTimeNs = LittleEndian.u64(timeBytes, 0);
        position += 8;
        if (in.readNBytes(frame, 0, FrameHeader.LENGTH) < FrameHeader.LENGTH) {
            return cut("frame header");
        }
        header.wrap(frame, 0);
        if (header.magic() != FrameHeader.MAGIC) {
            throw new RawFileFormatException(name + ": record at byte " + recordStart + " does not hold a frame (bad magic)");
        }
        long len = header.payloadLength();
        if (len > FrameHeader.MAX_PAYLOAD) {
            throw new RawFileFormatException(name + ": record at byte " + recordStart + " declares a payload of " + len
                    + " bytes, over the 1 MiB cap");
        }
        return position + FrameHeader.LENGTH + len <= limit || cut("frame payload");
    }

    /** False when the payload is cut by the end of the file (and that is allowed). */
    private boolean readPayload(int len) throws IOException {
        int total = FrameHeader.LENGTH + len;
        if (frame.length < total) {
            frame = Arrays.copyOf(frame, total);
        }
        if (in.readNBytes(frame, FrameHeader.LENGTH, (int) len) < len) {
            return cut("frame payload");
        }
        frameLength = total;
        position += total;
        return true;
    }

    /** The end of the file inside a record: the end of what is readable, or an error (strict mode). */
    private boolean cut(String what) throws RawFileFormatException {
        if (!toLastWholeRecord) {
            throw new RawFileFormatException(name + ": truncated " + what + " at byte " + position);
        }
        cutRecord = name + ": the last record, at byte " + recordStart + ", is cut by the end of the file (in its "
                + what + "); read up to the last whole record";
        return false;
    }

    /** Receive time of the current record, ns since the first record. */
    public long receiveTimeNs() {
        return receiveTimeNs;
    }

    /** Buffer holding the current frame from offset 0; reused by the next call to {@link #next()}. */
    public byte[] frame() {
        return frame;
    }

    public int frameLength() {
        return frameLength;
    }

    /** Source id from the current frame's header. */
    public int sourceId() {
        return header.wrap(frame, 0).sourceId();
    }

    public int type() {
        return header.wrap(frame, 0).type();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

}

package na64.daq.ingest.recorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.zip.CRC32C;

import io.netty.buffer.ByteBuf;

import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.HelloFlyweight;
import na64.daq.protocol.LittleEndian;
import na64.daq.protocol.RawFileReader;

/**
 * The writer thread's side: takes chunks of records ({@link RecordBuffers}) and writes them into
 * {@code .na64raw} files (spec appendix B). Only this thread touches the files and the state below.
 *
 * <ul>
 *   <li><b>Whole records per write.</b> A chunk is written in as few writes as possible, each a run of
 *       whole records, so a process killed at any moment leaves its files readable up to their last
 *       whole record ({@code RawFileReader.openToLastWholeRecord}).</li>
 *   <li><b>Each file replays on its own.</b> It begins with the last CRC-valid HELLO of every
 *       configured source seen so far (receive time 0), then its records; times count from its first
 *       record.</li>
 *   <li><b>Rotation.</b> A new file at the trigger unit's BEGIN_OF_SPILL of a later (run, spill)
 *       (any source's, until a trigger unit has said HELLO), and before a record that would take the
 *       file past {@code maxFileBytes}. Names: {@link RecordFiles}.</li>
 * </ul>
 */
final class RecordWriter implements AutoCloseable {
    /** Where the frame starts in a record: after its receive time. */
    private static final int FRAME = RecordBuffers.TIME_LENGTH;

    private final RecordFiles files;
    private final long maxFileBytes;
    private final IntPredicate configured;
    private final RecorderCounters counters;
    private final Runnable beforeWrite;
    private final CRC32C crc = new CRC32C();
    /** The last CRC-valid HELLO frame of each configured source, by source id. */
    private final Map<Integer, byte[]> hellos = new TreeMap<>();
    private int triggerSource;
    private FileChannel channel;
    private Path path;
    private long fileBytes;
    /** The file holds records besides its leading HELLOs. */
    private boolean hasRecords;
    private long run = -1;
    private long spill = -1;
    private long origin;
    /** Run and spill named by the record being looked at, when it is a CRC-valid spill marker or fragment. */
    private long recordRun;
    private long recordSpill;
    /** Records of the current chunk written so far (the rest are lost if writing fails now). */
    private int writtenInChunk;

    RecordWriter(RecordFiles files, long maxFileBytes, IntPredicate configured, RecorderCounters counters,
                 Runnable beforeWrite) {
        this.files = files;
        this.maxFileBytes = maxFileBytes;
        this.configured = configured;
        this.counters = counters;
        this.beforeWrite = beforeWrite;
    }

    /** Writes every record of {@code chunk}, rotating files where needed. */
    void write(ByteBuf chunk) throws IOException {
        writtenInChunk = 0;
        int p = chunk.readerIndex();
        int end = chunk.writerIndex();
        int from = p;
        int records = 0;
        while (p < end) {
            int h = p + FRAME;
            int type = chunk.getUnsignedByte(h + FrameHeader.TYPE_OFFSET);
            int source = chunk.getUnsignedShortLE(h + FrameHeader.SOURCE_OFFSET);
            int frameLength = FrameHeader.LENGTH + (int) chunk.getUnsignedIntLE(h + FrameHeader.LENGTH_OFFSET);
            boolean named = namesSpill(chunk, h, type, frameLength);
            boolean newSpill = named && type == FrameHeader.TYPE_BEGIN_OF_SPILL && run >= 0
                    && (triggerSource == 0 || source == triggerSource) && later(recordRun, recordSpill);
            boolean tooBig = hasRecords && fileBytes + (p - from) + FRAME + frameLength > maxFileBytes;
            if (channel != null && (tooBig || newSpill && hasRecords)) {
                records = flush(chunk, from, p, records);
                from = p;
                closeFile();
            }
            if (newSpill || run < 0 && named) { // the file takes its (first) spill's name
                run = recordRun;
                spill = recordSpill;
                if (channel != null) {
                    rename();
                }
            }
            if (channel == null) {
                openFile();
            }
            long time = chunk.getLongLE(p);
            if (!hasRecords) {
                origin = time;
                hasRecords = true;
            }
            chunk.setLongLE(p, Math.max(0, time - origin));
            if (type == FrameHeader.TYPE_HELLO) {
                keepHello(chunk, h, source, frameLength);
            }
            records++;
            p = h + frameLength;
        }
        flush(chunk, from, end, records);
    }

    private void rename() {
        try {
            path = files.rename(path, run, spill);
        } catch (IOException e) {
            counters.errors.increment(); // the records are safe under the old name; only the name is wrong
        }
    }

    /** Records of the last chunk that reached a file before a failure. */
    int writtenInChunk() {
        return writtenInChunk;
    }

    /**
     * True (and {@link #recordRun}/{@link #recordSpill} set) for a CRC-valid BEGIN_OF_SPILL, or, while
     * the file has no spill yet, END_OF_SPILL or FRAGMENT (the CRC is computed only for those few).
     */
    private boolean namesSpill(ByteBuf chunk, int h, int type, int frameLength) {
        boolean marker = type == FrameHeader.TYPE_BEGIN_OF_SPILL
                || run < 0 && (type == FrameHeader.TYPE_FRAGMENT || type == FrameHeader.TYPE_END_OF_SPILL);
        if (!marker || frameLength < FrameHeader.LENGTH + 8
                || !crcValid(chunk, h, frameLength)) {
            return false;
        }
        recordRun = chunk.getUnsignedIntLE(h + FrameHeader.LENGTH);
        recordSpill = chunk.getUnsignedIntLE(h + FrameHeader.LENGTH + 4);
        return true;
    }

    private boolean crcValid(ByteBuf chunk, int h, int frameLength) {
        crc.reset();
        crc.update(chunk.nioBuffer(h + FrameHeader.LENGTH, frameLength - FrameHeader.LENGTH));
        return (int) crc.getValue() == chunk.getIntLE(h + FrameHeader.CRC_OFFSET);
    }

    private boolean later(long r, long s) {
        return r > run || r == run && s > spill;
    }

    private void keepHello(ByteBuf chunk, int h, int source, int frameLength) {
        if (!configured.test(source) || frameLength > FrameHeader.LENGTH + HelloFlyweight.MAX_LENGTH
                || !crcValid(chunk, h, frameLength)) {
            return;
        }
        byte[] frame = new byte[frameLength];
        chunk.getBytes(h, frame);
        hellos.put(source, frame);
        if (frameLength >= FrameHeader.LENGTH + 2
                && LittleEndian.u16(frame, FrameHeader.LENGTH) == HelloFlyweight.BOARD_TRIGGER_UNIT) {
            triggerSource = source;
        }
    }

    /** Writes the records in {@code [from, to)} of the chunk; returns the records still to count. */
    private int flush(ByteBuf chunk, int from, int to, int records) throws IOException {
        if (to > from) {
            beforeWrite.run();
            int done = 0;
            while (done < to - from) {
                done += chunk.getBytes(from + done, channel, fileBytes + done, to - from - done);
            }
            fileBytes += done;
            counters.bytes.add(done);
            counters.frames.add(records);
            writtenInChunk += records;
        }
        return 0;
    }

    private void openFile() throws IOException {
        path = files.create(run, spill);
        channel = FileChannel.open(path, StandardOpenOption.WRITE);
        counters.files.increment();
        int size = RawFileReader.FILE_HEADER_LENGTH;
        for (byte[] hello : hellos.values()) {
            size += FRAME + hello.length;
        }
        ByteBuffer start = ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        start.put(RawFileReader.FILE_MAGIC).putInt(RawFileReader.FILE_VERSION).putInt(0);
        for (byte[] hello : hellos.values()) {
            start.putLong(0).put(hello);
        }
        start.flip();
        beforeWrite.run();
        while (start.hasRemaining()) { // header and leading HELLOs in one write: a file never starts half made
            channel.write(start);
        }
        fileBytes = size;
        counters.bytes.add(size);
        hasRecords = false;
    }

    private void closeFile() throws IOException {
        FileChannel c = channel;
        channel = null;
        try {
            c.force(false); // a finished file survives a power cut, as the store's spill end does
        } finally {
            c.close();
        }
    }

    /** The file being written, or null. */
    Path currentFile() {
        return channel != null ? path : null;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            closeFile();
        }
    }
}

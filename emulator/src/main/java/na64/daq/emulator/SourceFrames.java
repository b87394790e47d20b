package na64.daq.emulator;

import na64.daq.protocol.FrameHeader;

import java.util.Arrays;

/**
 * One source's frames of one spill, in send order, stored compactly: the frames back to back in
 * one byte array, with each frame's offset, send time and flags alongside. This is the form the
 * senders stream from and the form a benchmark can hold for a million events without an object
 * per frame. The arrays are shared, not copied: do not modify them.
 */
public final class SourceFrames {
    /** The frame is a HELLO after an injected disconnect: close the connection and open a new one before it. */
    public static final int FLAG_RECONNECT = 1;
    /** The frame's CRC was corrupted on purpose (fault {@code crc}). */
    public static final int FLAG_CORRUPT_CRC = 2;
    /** The frame is an injected second copy of the frame before it (fault {@code duplicate}). */
    public static final int FLAG_DUPLICATE = 4;
    /** The frame is a HEARTBEAT filling an idle gap. */
    public static final int FLAG_HEARTBEAT = 8;

    private final int sourceId;
    private byte[] data;
    private int byteLength;
    private int[] offsets;
    private long[] times;
    private byte[] flags;
    private int count;

    SourceFrames(int sourceId, int expectedFrames, int expectedBytes) {
        this.sourceId = sourceId;
        int frames = Math.max(16, expectedFrames);
        this.data = new byte[Math.max(1024, expectedBytes)];
        this.offsets = new int[frames];
        this.times = new long[frames];
        this.flags = new byte[frames];
    }

    void append(byte[] src, int offset, int length, long sendTimeNs, int frameFlags) {
        if (count == offsets.length) {
            int n = offsets.length * 2;
            offsets = Arrays.copyOf(offsets, n);
            times = Arrays.copyOf(times, n);
            flags = Arrays.copyOf(flags, n);
        }
        if (byteLength + length > data.length) {
            long grown = Math.max((long) data.length * 2, (long) byteLength + length);
            if (grown > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("source " + sourceId + ": spill over 2 GiB; use fewer events per spill");
            }
            data = Arrays.copyOf(data, (int) grown);
        }
        System.arraycopy(src, offset, data, byteLength, length);
        offsets[count] = byteLength;
        times[count] = sendTimeNs;
        flags[count] = (byte) frameFlags;
        count++;
        byteLength += length;
    }

    /** Drops spare capacity worth keeping memory for (a quarter or more), once the spill is complete. */
    void trim() {
        if (data.length - byteLength > data.length / 4) {
            data = Arrays.copyOf(data, byteLength);
        }
        if (offsets.length - count > offsets.length / 4) {
            offsets = Arrays.copyOf(offsets, count);
            times = Arrays.copyOf(times, count);
            flags = Arrays.copyOf(flags, count);
        }
    }

    /** The source id every frame carries. */
    public int sourceId() {
        return sourceId;
    }

    /** Number of frames. */
    public int frameCount() {
        return count;
    }

    /** The backing array: frames back to back from offset 0 to {@link #byteLength()}. Read only. */
    public byte[] data() {
        return data;
    }

    /** Total bytes of all frames. */
    public int byteLength() {
        return byteLength;
    }

    /** Offset of frame {@code i} in {@link #data()}. */
    public int frameOffset(int i) {
        return offsets[i];
    }

    /** Length of frame {@code i} in bytes (header and payload). */
    public int frameLength(int i) {
        return (i + 1 < count ? offsets[i + 1] : byteLength) - offsets[i];
    }

    /** When frame {@code i} leaves the front-end, ns since the start of its spill; non-decreasing. */
    public long sendTimeNs(int i) {
        return times[i];
    }

    /** The {@code FLAG_*} bits of frame {@code i}. */
    public int flags(int i) {
        return flags[i];
    }

    /** True if the connection must be closed and reopened before frame {@code i} (a HELLO). */
    public boolean reconnectBefore(int i) {
        return (flags[i] & FLAG_RECONNECT) != 0;
    }

    /** Frame type of frame {@code i} ({@link FrameHeader}{@code .TYPE_*}). */
    public int frameType(int i) {
        return data[offsets[i] + FrameHeader.TYPE_OFFSET] & 0xFF;
    }
}

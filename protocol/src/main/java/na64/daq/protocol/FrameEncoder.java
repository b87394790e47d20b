package na64.daq.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Builds complete protocol v1 frames (header, payload and CRC-32C) in a reusable buffer. Used by
 * the front-end emulator, the replayer's tests and the service's ERROR replies; one instance per
 * thread. {@link #begin} starts a frame, the {@code put*} methods append payload fields in
 * little-endian order, and {@link #finish} fills in the length and CRC.
 */
public final class FrameEncoder {
    private final CRC32C crc = new CRC32C();
    private byte[] buf = new byte[4096];
    private int pos;
    private int frameStart;

    /** Starts a frame of {@code type} from {@code sourceId} at the start of the buffer. */
    public FrameEncoder begin(int type, int sourceId) {
        pos = 0;
        frameStart = 0;
        ensure(FrameHeader.LENGTH);
        FrameHeader.write(buf, 0, type, sourceId, 0, 0);
        pos = FrameHeader.LENGTH;
        return this;
    }

    public FrameEncoder putU8(int v) {
        ensure(1);
        LittleEndian.putU8(buf, pos, v);
        pos += 1;
        return this;
    }

    public FrameEncoder putU16(int v) {
        ensure(2);
        LittleEndian.putU16(buf, pos, v);
        pos += 2;
        return this;
    }

    public FrameEncoder putU32(long v) {
        ensure(4);
        LittleEndian.putU32(buf, pos, v);
        pos += 4;
        return this;
    }

    public FrameEncoder putU64(long v) {
        ensure(8);
        LittleEndian.putU64(buf, pos, v);
        pos += 8;
        return this;
    }

    public FrameEncoder putBytes(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
        return this;
    }

    /** Writes the 32-byte FRAGMENT header (spec §4); channel records follow ({@link #putPeakRecord}, ...). */
    public FrameEncoder putFragmentHeader(long run, long spill, long event, int flags, long triggerTimeNs,
                                          int triggerType, int encoding, int samples, int channelCount) {
        ensure(FragmentFlyweight.HEADER_LENGTH);
        FragmentFlyweight.writeHeader(buf, pos, run, spill, event, flags, triggerTimeNs, triggerType, encoding, samples,
                channelCount);
        pos += FragmentFlyweight.HEADER_LENGTH;
        return this;
    }

    /** Appends one PEAK channel record (spec §4). */
    public FrameEncoder putPeakRecord(int channel, int amplitude, int timeNs) {
        ensure(FragmentFlyweight.PEAK_RECORD_LENGTH);
        FragmentFlyweight.writePeakRecord(buf, pos, channel, amplitude, timeNs);
        pos += FragmentFlyweight.PEAK_RECORD_LENGTH;
        return this;
    }

    /** Appends one WAVEFORM channel record: {@code channel}, then {@code samples[0, count)} (spec §4). */
    public FrameEncoder putWaveformRecord(int channel, int[] samples, int count) {
        int length = FragmentFlyweight.waveformRecordLength(count);
        ensure(length);
        FragmentFlyweight.writeWaveformRecord(buf, pos, channel, samples, count);
        pos += length;
        return this;
    }

    /** Completes the frame: writes payload length and CRC. Returns the frame's total length. */
    public int finish() {
        int payloadLength = pos - frameStart - FrameHeader.LENGTH;
        crc.reset();
        crc.update(buf, frameStart + FrameHeader.LENGTH, payloadLength);
        LittleEndian.putU32(buf, frameStart + FrameHeader.LENGTH_OFFSET, payloadLength);
        LittleEndian.putU32(buf, frameStart + FrameHeader.CRC_OFFSET, crc.getValue());
        return pos - frameStart;
    }

    /** The buffer holding the frame from offset 0; valid until the next {@link #begin}. */
    public byte[] buffer() {
        return buf;
    }

    /** Current length in bytes of the frame being built. */
    public int length() {
        return pos;
    }

    /** Finishes the frame and returns a copy of it. */
    public byte[] toFrame() {
        int len = finish();
        return Arrays.copyOf(buf, len);
    }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }

    // ---- convenience builders for the control frames ----

    public byte[] hello(int sourceId, int boardKind, int channelCount, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        begin(FrameHeader.TYPE_HELLO, sourceId);
        ensure(HelloFlyweight.HEADER_LENGTH);
        HelloFlyweight.writeHeader(buf, pos, boardKind, channelCount, n.length);
        pos += HelloFlyweight.HEADER_LENGTH;
        return putBytes(n, 0, n.length).toFrame();
    }

    public byte[] beginOfSpill(int sourceId, long run, long spill, long wallClockNs) {
        begin(FrameHeader.TYPE_BEGIN_OF_SPILL, sourceId);
        ensure(SpillMarkerFlyweight.BEGIN_LENGTH);
        SpillMarkerFlyweight.writeBegin(buf, pos, run, spill, wallClockNs);
        pos += SpillMarkerFlyweight.BEGIN_LENGTH;
        return toFrame();
    }

    /** END_OF_SPILL with scalers given as pairs {@code {id, value}}. */
    public byte[] endOfSpill(int sourceId, long run, long spill, long triggers, long[]... scalers) {
        begin(FrameHeader.TYPE_END_OF_SPILL, sourceId);
        int length = SpillMarkerFlyweight.END_HEADER_LENGTH + scalers.length * SpillMarkerFlyweight.SCALER_LENGTH;
        ensure(length);
        SpillMarkerFlyweight.writeEndHeader(buf, pos, run, spill, triggers, scalers.length);
        for (int i = 0; i < scalers.length; i++) {
            SpillMarkerFlyweight.writeScaler(buf, pos, i, (int) scalers[i][0], scalers[i][1]);
        }
        pos += length;
        return toFrame();
    }

    public byte[] heartbeat(int sourceId) {
        return begin(FrameHeader.TYPE_HEARTBEAT, sourceId).toFrame();
    }

    public byte[] error(int sourceId, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        return begin(FrameHeader.TYPE_ERROR, sourceId).putBytes(r, 0, r.length).toFrame();
    }
}

package na64.daq.protocol;

/**
 * Reads a FRAGMENT payload (spec §4) in place, without copying or allocating.
 *
 * <pre>
 *  0  u32  run
 *  4  u32  spill
 *  8  u32  event            trigger number in the spill: 1, 2, 3, ...
 * 12  u32  flags            bit 0: a channel saturated
 * 16  u64  trigger time     ns since the start of the spill
 * 24  u16  trigger type     bit 0 PHYSICS, 1 BEAM, 2 RANDOM, 3 CALIBRATION
 * 26  u8   encoding         0 = WAVEFORM, 1 = PEAK
 * 27  u8   samples S        WAVEFORM: 1..64 (0 allowed when C = 0); PEAK: 0
 * 28  u16  channel count C
 * 30  u16  reserved
 * 32       C channel records:
 *            WAVEFORM: u16 channel, S x u16 sample        (2 + 2S bytes)
 *            PEAK:     u16 channel, u16 amplitude, u16 time (6 bytes)
 * </pre>
 */
public final class FragmentFlyweight {
    public static final int HEADER_LENGTH = 32;
    public static final int ENCODING_WAVEFORM = 0;
    public static final int ENCODING_PEAK = 1;
    public static final int MAX_SAMPLES = 64;
    public static final int PEAK_RECORD_LENGTH = 6;

    public static final int TRIGGER_PHYSICS = 1;
    public static final int TRIGGER_BEAM = 1 << 1;
    public static final int TRIGGER_RANDOM = 1 << 2;
    public static final int TRIGGER_CALIBRATION = 1 << 3;
    public static final int FLAG_SATURATED = 1;

    private byte[] b;
    private int base;
    private int length;
    private int recordLength;

    /** Points at a payload of {@code length} bytes at {@code offset}. Call {@link #validate()} before trusting it. */
    public FragmentFlyweight wrap(byte[] buffer, int offset, int length) {
        this.b = buffer;
        this.base = offset;
        this.length = length;
        this.recordLength = length >= HEADER_LENGTH ? computeRecordLength() : 0;
        return this;
    }

    private int computeRecordLength() {
        return encoding() == ENCODING_PEAK ? PEAK_RECORD_LENGTH : 2 + 2 * samples();
    }

    /**
     * Checks the payload against its own fields. Returns {@code null} when consistent, otherwise a
     * short reason. Does not allocate on success.
     */
    public String validate() {
        if (length < HEADER_LENGTH) {
            return "fragment payload of " + length + " bytes is shorter than its 32-byte header";
        }
        int enc = encoding();
        int s = samples();
        if (enc == ENCODING_WAVEFORM) {
            // A fragment without channels (the trigger unit's) carries no samples: S = 0 is fine there.
            if (s > MAX_SAMPLES || (s < 1 && channelCount() > 0)) {
                return "WAVEFORM fragment with " + s + " samples (must be 1..64)";
            }
        } else if (enc == ENCODING_PEAK) {
            if (s != 0) {
                return "PEAK fragment with samples=" + s + " (must be 0)";
            }
        } else {
            return "unknown fragment encoding " + enc;
        }
        if (event() == 0) {
            return "fragment event number 0 (events count from 1)";
        }
        long expected = HEADER_LENGTH + (long) channelCount() * recordLength;
        if (expected != length) {
            return "fragment of " + channelCount() + " channels needs " + expected + " bytes, payload has " + length;
        }
        return null;
    }

    public long run() {
        return LittleEndian.u32(b, base);
    }

    public long spill() {
        return LittleEndian.u32(b, base + 4);
    }

    public long event() {
        return LittleEndian.u32(b, base + 8);
    }

    public int flags() {
        return LittleEndian.i32(b, base + 12);
    }

    public long triggerTime() {
        return LittleEndian.u64(b, base + 16);
    }

    public int triggerType() {
        return LittleEndian.u16(b, base + 24);
    }

    public int encoding() {
        return LittleEndian.u8(b, base + 26);
    }

    public int samples() {
        return LittleEndian.u8(b, base + 27);
    }

    public int channelCount() {
        return LittleEndian.u16(b, base + 28);
    }

    /** Channel number of record {@code i}. */
    public int channel(int i) {
        return LittleEndian.u16(b, recordOffset(i));
    }

    /** WAVEFORM: sample {@code s} of record {@code i}, in ADC counts. */
    public int sample(int i, int s) {
        return LittleEndian.u16(b, recordOffset(i) + 2 + 2 * s);
    }

    /** PEAK: amplitude above pedestal of record {@code i}. */
    public int peakAmplitude(int i) {
        return LittleEndian.u16(b, recordOffset(i) + 2);
    }

    /** PEAK: peak time in ns of record {@code i}. */
    public int peakTime(int i) {
        return LittleEndian.u16(b, recordOffset(i) + 4);
    }

    /** Byte offset of record {@code i} in the wrapped buffer. */
    public int recordOffset(int i) {
        return base + HEADER_LENGTH + i * recordLength;
    }

    public byte[] buffer() {
        return b;
    }

    public int offset() {
        return base;
    }

    public int length() {
        return length;
    }
}

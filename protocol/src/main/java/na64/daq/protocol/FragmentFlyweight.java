package na64.daq.protocol;

/**
 * A FRAGMENT payload (spec §4), read and written in place without copying or allocating. The
 * layout lives here only: the encoder, the service's decoder and the reconstruction all go through
 * these offsets.
 *
 * <pre>
 *  offset size  field            constant
 *       0  u32  run              RUN_OFFSET
 *       4  u32  spill            SPILL_OFFSET
 *       8  u32  event            EVENT_OFFSET            trigger number in the spill: 1, 2, 3, ...
 *      12  u32  flags            FLAGS_OFFSET            bit 0: a channel saturated
 *      16  u64  trigger time     TRIGGER_TIME_OFFSET     ns since the start of the spill
 *      24  u16  trigger type     TRIGGER_TYPE_OFFSET     bit 0 PHYSICS, 1 BEAM, 2 RANDOM, 3 CALIBRATION
 *      26  u8   encoding         ENCODING_OFFSET         0 = WAVEFORM, 1 = PEAK
 *      27  u8   samples S        SAMPLES_OFFSET          WAVEFORM: 1..64 (0 allowed when C = 0); PEAK: 0
 *      28  u16  channel count C  CHANNEL_COUNT_OFFSET
 *      30  u16  reserved         RESERVED_OFFSET
 *      32       C channel records (HEADER_LENGTH), each starting with
 *         0  u16  channel        RECORD_CHANNEL_OFFSET
 *       WAVEFORM (2 + 2S bytes, {@link #waveformRecordLength}):
 *         2  S x u16 samples     WAVEFORM_SAMPLES_OFFSET, SAMPLE_LENGTH each
 *       PEAK (6 bytes, PEAK_RECORD_LENGTH):
 *         2  u16  amplitude      PEAK_AMPLITUDE_OFFSET   above pedestal
 *         4  u16  peak time      PEAK_TIME_OFFSET        ns
 * </pre>
 */
public final class FragmentFlyweight {
    public static final int RUN_OFFSET = 0;
    public static final int SPILL_OFFSET = 4;
    public static final int EVENT_OFFSET = 8;
    public static final int FLAGS_OFFSET = 12;
    public static final int TRIGGER_TIME_OFFSET = 16;
    public static final int TRIGGER_TYPE_OFFSET = 24;
    public static final int ENCODING_OFFSET = 26;
    public static final int SAMPLES_OFFSET = 27;
    public static final int CHANNEL_COUNT_OFFSET = 28;
    public static final int RESERVED_OFFSET = 30;
    public static final int HEADER_LENGTH = 32;

    public static final int RECORD_CHANNEL_OFFSET = 0;
    public static final int WAVEFORM_SAMPLES_OFFSET = 2;
    public static final int SAMPLE_LENGTH = 2;
    public static final int PEAK_AMPLITUDE_OFFSET = 2;
    public static final int PEAK_TIME_OFFSET = 4;
    public static final int PEAK_RECORD_LENGTH = 6;

    public static final int ENCODING_WAVEFORM = 0;
    public static final int ENCODING_PEAK = 1;
    public static final int MAX_SAMPLES = 64;

    public static final int TRIGGER_PHYSICS = 1;
    public static final int TRIGGER_BEAM = 1 << 1;
    public static final int TRIGGER_RANDOM = 1 << 2;
    public static final int TRIGGER_CALIBRATION = 1 << 3;
    public static final int FLAG_SATURATED = 1;

    private byte[] b;
    private int base;
    private int length;
    private int recordLength;

    /** Bytes of one WAVEFORM channel record with {@code samples} samples. */
    public static int waveformRecordLength(int samples) {
        return WAVEFORM_SAMPLES_OFFSET + SAMPLE_LENGTH * samples;
    }

    /** Points at a payload of {@code length} bytes at {@code offset}. Call {@link #validate()} before trusting it. */
    public FragmentFlyweight wrap(byte[] buffer, int offset, int length) {
        this.b = buffer;
        this.base = offset;
        this.length = length;
        this.recordLength = length >= HEADER_LENGTH ? computeRecordLength() : 0;
        return this;
    }

    private int computeRecordLength() {
        return encoding() == ENCODING_PEAK ? PEAK_RECORD_LENGTH : waveformRecordLength(samples());
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

    /** As {@link #validate()}, and a board of {@code channelLimit} channels may have sent it (a bound on memory). */
    public String validate(int channelLimit) {
        String bad = validate();
        if (bad == null && channelCount() > channelLimit) {
            bad = "fragment with " + channelCount() + " channels from a board of " + channelLimit;
        }
        return bad;
    }

    public long run() {
        return LittleEndian.u32(b, base + RUN_OFFSET);
    }

    public long spill() {
        return LittleEndian.u32(b, base + SPILL_OFFSET);
    }

    public long event() {
        return LittleEndian.u32(b, base + EVENT_OFFSET);
    }

    public int flags() {
        return LittleEndian.i32(b, base + FLAGS_OFFSET);
    }

    public long triggerTime() {
        return LittleEndian.u64(b, base + TRIGGER_TIME_OFFSET);
    }

    public int triggerType() {
        return LittleEndian.u16(b, base + TRIGGER_TYPE_OFFSET);
    }

    public int encoding() {
        return LittleEndian.u8(b, base + ENCODING_OFFSET);
    }

    public int samples() {
        return LittleEndian.u8(b, base + SAMPLES_OFFSET);
    }

    public int channelCount() {
        return LittleEndian.u16(b, base + CHANNEL_COUNT_OFFSET);
    }

    /** Channel number of record {@code i}. */
    public int channel(int i) {
        return LittleEndian.u16(b, recordOffset(i) + RECORD_CHANNEL_OFFSET);
    }

    /** WAVEFORM: sample {@code s} of record {@code i}, in ADC counts. */
    public int sample(int i, int s) {
        return LittleEndian.u16(b, recordOffset(i) + WAVEFORM_SAMPLES_OFFSET + SAMPLE_LENGTH * s);
    }

    /** PEAK: amplitude above pedestal of record {@code i}. */
    public int peakAmplitude(int i) {
        return LittleEndian.u16(b, recordOffset(i) + PEAK_AMPLITUDE_OFFSET);
    }

    /** PEAK: peak time in ns of record {@code i}. */
    public int peakTime(int i) {
        return LittleEndian.u16(b, recordOffset(i) + PEAK_TIME_OFFSET);
    }

    /**
     * PEAK: the record at {@code b[record..]} read with one 32-bit load, channel in the low and
     * amplitude in the high 16 bits (the two fields are adjacent: the reconstruction's inner loop).
     */
    public static int peakChannelAndAmplitude(byte[] b, int record) {
        return LittleEndian.i32(b, record + RECORD_CHANNEL_OFFSET);
    }

    /** Byte offset of record {@code i} in the wrapped buffer. */
    public int recordOffset(int i) {
        return base + HEADER_LENGTH + i * recordLength;
    }

    /** Bytes of each channel record of this fragment (after {@link #validate()}). */
    public int recordLength() {
        return recordLength;
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

    /** Writes the 32-byte header at {@code b[offset..]} (reserved = 0); the channel records follow it. */
    public static void writeHeader(byte[] b, int offset, long run, long spill, long event, int flags, long triggerTimeNs,
                                   int triggerType, int encoding, int samples, int channelCount) {
        LittleEndian.putU32(b, offset + RUN_OFFSET, run);
        LittleEndian.putU32(b, offset + SPILL_OFFSET, spill);
        LittleEndian.putU32(b, offset + EVENT_OFFSET, event);
        LittleEndian.putU32(b, offset + FLAGS_OFFSET, flags);
        LittleEndian.putU64(b, offset + TRIGGER_TIME_OFFSET, triggerTimeNs);
        LittleEndian.putU16(b, offset + TRIGGER_TYPE_OFFSET, triggerType);
        LittleEndian.putU8(b, offset + ENCODING_OFFSET, encoding);
        LittleEndian.putU8(b, offset + SAMPLES_OFFSET, samples);
        LittleEndian.putU16(b, offset + CHANNEL_COUNT_OFFSET, channelCount);
        LittleEndian.putU16(b, offset + RESERVED_OFFSET, 0);
    }

    /** Writes a PEAK record at {@code b[record..]}. */
    public static void writePeakRecord(byte[] b, int record, int channel, int amplitude, int timeNs) {
        LittleEndian.putU16(b, record + RECORD_CHANNEL_OFFSET, channel);
        LittleEndian.putU16(b, record + PEAK_AMPLITUDE_OFFSET, amplitude);
        LittleEndian.putU16(b, record + PEAK_TIME_OFFSET, timeNs);
    }

    /** Writes a WAVEFORM record at {@code b[record..]}: the channel, then {@code samples[0, count)}. */
    public static void writeWaveformRecord(byte[] b, int record, int channel, int[] samples, int count) {
        LittleEndian.putU16(b, record + RECORD_CHANNEL_OFFSET, channel);
        for (int s = 0; s < count; s++) {
            LittleEndian.putU16(b, record + WAVEFORM_SAMPLES_OFFSET + SAMPLE_LENGTH * s, samples[s]);
        }
    }
}

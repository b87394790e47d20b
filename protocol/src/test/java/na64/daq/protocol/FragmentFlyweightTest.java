package na64.daq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FRAGMENT payloads written by {@link FrameEncoder} read back field by field, and every way {@code validate} refuses one. */
class FragmentFlyweightTest {
    private final FrameEncoder encoder = new FrameEncoder();
    private final FragmentFlyweight f = new FragmentFlyweight();

    private byte[] peakFrame(int channels) {
        encoder.begin(FrameHeader.TYPE_FRAGMENT, 3).putFragmentHeader(512, 7, 42, FragmentFlyweight.FLAG_SATURATED,
                1_234_567_890_123L, FragmentFlyweight.TRIGGER_PHYSICS | FragmentFlyweight.TRIGGER_BEAM,
                FragmentFlyweight.ENCODING_PEAK, 0, channels);
        for (int c = 0; c < channels; c++) {
            encoder.putPeakRecord(c + 10, 1000 + c, 30 + c);
        }
        return encoder.toFrame();
    }

    private FragmentFlyweight wrapPayload(byte[] frame) {
        return f.wrap(frame, FrameHeader.LENGTH, frame.length - FrameHeader.LENGTH);
    }

    @Test
    void peakFragmentReadsBackEveryHeaderFieldAndRecord() {
        byte[] frame = peakFrame(3);

        assertThat(wrapPayload(frame).validate()).isNull();
        assertThat(f.run()).isEqualTo(512);
        assertThat(f.spill()).isEqualTo(7);
        assertThat(f.event()).isEqualTo(42);
        assertThat(f.flags()).isEqualTo(FragmentFlyweight.FLAG_SATURATED);
        assertThat(f.triggerTime()).isEqualTo(1_234_567_890_123L);
        assertThat(f.triggerType()).isEqualTo(FragmentFlyweight.TRIGGER_PHYSICS | FragmentFlyweight.TRIGGER_BEAM);
        assertThat(f.encoding()).isEqualTo(FragmentFlyweight.ENCODING_PEAK);
        assertThat(f.samples()).isZero();
        assertThat(f.channelCount()).isEqualTo(3);
        assertThat(f.recordLength()).isEqualTo(FragmentFlyweight.PEAK_RECORD_LENGTH);
        for (int c = 0; c < 3; c++) {
            assertThat(f.channel(c)).isEqualTo(c + 10);
            assertThat(f.peakAmplitude(c)).isEqualTo(1000 + c);
            assertThat(f.peakTime(c)).isEqualTo(30 + c);
            int both = FragmentFlyweight.peakChannelAndAmplitude(f.buffer(), f.recordOffset(c));
            assertThat(both & 0xFFFF).isEqualTo(c + 10);
            assertThat(both >>> 16).isEqualTo(1000 + c);
        }
        assertThat(LittleEndian.u16(frame, FrameHeader.LENGTH + FragmentFlyweight.RESERVED_OFFSET)).as("reserved").isZero();
    }

    @Test
    void waveformFragmentReadsBackItsSamplesAtAnOffsetInsideALargerBuffer() {
        int[] samples = {100, 101, 65535, 0, 7};
        encoder.begin(FrameHeader.TYPE_FRAGMENT, 2).putFragmentHeader(1, 1, 1, 0, 0, FragmentFlyweight.TRIGGER_RANDOM,
                FragmentFlyweight.ENCODING_WAVEFORM, samples.length, 2);
        encoder.putWaveformRecord(4, samples, samples.length).putWaveformRecord(5, samples, samples.length);
        byte[] frame = encoder.toFrame();
        byte[] larger = new byte[frame.length + 100];
        System.arraycopy(frame, FrameHeader.LENGTH, larger, 37, frame.length - FrameHeader.LENGTH);

        assertThat(f.wrap(larger, 37, frame.length - FrameHeader.LENGTH).validate()).isNull();
        assertThat(f.recordLength()).isEqualTo(FragmentFlyweight.waveformRecordLength(samples.length)).isEqualTo(12);
        assertThat(f.channel(1)).isEqualTo(5);
        for (int s = 0; s < samples.length; s++) {
            assertThat(f.sample(1, s)).isEqualTo(samples[s]);
        }
        assertThat(f.recordOffset(0)).isEqualTo(37 + FragmentFlyweight.HEADER_LENGTH);
    }

    @Test
    void aTriggerUnitFragmentHasNoChannelsAndNoSamples() {
        byte[] frame = encoder.begin(FrameHeader.TYPE_FRAGMENT, 1).putFragmentHeader(1, 1, 9, 0, 5, FragmentFlyweight.TRIGGER_RANDOM,
                FragmentFlyweight.ENCODING_WAVEFORM, 0, 0).toFrame();

        assertThat(wrapPayload(frame).validate()).isNull();
        assertThat(frame.length - FrameHeader.LENGTH).isEqualTo(FragmentFlyweight.HEADER_LENGTH);
    }

    @Test
    void aPayloadShorterThanTheHeaderIsRefusedWithoutReadingPastIt() {
        byte[] frame = peakFrame(0);
        byte[] cut = Arrays.copyOf(frame, FrameHeader.LENGTH + FragmentFlyweight.HEADER_LENGTH - 1);

        assertThat(wrapPayload(cut).validate()).contains("shorter than its 32-byte header");
    }

    @Test
    void aPayloadLongerOrShorterThanItsChannelsIsRefused() {
        byte[] frame = peakFrame(2);

        assertThat(f.wrap(frame, FrameHeader.LENGTH, frame.length - FrameHeader.LENGTH - 1).validate())
                .contains("needs 44 bytes, payload has 43");
        byte[] longer = Arrays.copyOf(frame, frame.length + 1);
        assertThat(wrapPayload(longer).validate()).contains("needs 44 bytes, payload has 45");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 65, 255})
    void waveformSampleCountsOutsideOneToSixtyFourAreRefused(int samples) {
        byte[] frame = peakFrame(1);
        LittleEndian.putU8(frame, FrameHeader.LENGTH + FragmentFlyweight.ENCODING_OFFSET, FragmentFlyweight.ENCODING_WAVEFORM);
        LittleEndian.putU8(frame, FrameHeader.LENGTH + FragmentFlyweight.SAMPLES_OFFSET, samples);

        assertThat(wrapPayload(frame).validate()).contains("WAVEFORM fragment with " + samples + " samples");
    }

    @Test
    void sixtyFourSamplesIsTheLargestWaveformAccepted() {
        int[] samples = new int[FragmentFlyweight.MAX_SAMPLES];
        Arrays.fill(samples, 300);
        byte[] frame = encoder.begin(FrameHeader.TYPE_FRAGMENT, 2).putFragmentHeader(1, 1, 1, 0, 0, 0,
                FragmentFlyweight.ENCODING_WAVEFORM, samples.length, 1).putWaveformRecord(0, samples, samples.length).toFrame();

        assertThat(wrapPayload(frame).validate()).isNull();
        assertThat(f.sample(0, FragmentFlyweight.MAX_SAMPLES - 1)).isEqualTo(300);
    }

    @Test
    void peakWithSamplesUnknownEncodingAndEventZeroAreRefused() {
        byte[] withSamples = peakFrame(1);
        LittleEndian.putU8(withSamples, FrameHeader.LENGTH + FragmentFlyweight.SAMPLES_OFFSET, 4);
        byte[] unknown = peakFrame(1);
        LittleEndian.putU8(unknown, FrameHeader.LENGTH + FragmentFlyweight.ENCODING_OFFSET, 2);
        byte[] eventZero = peakFrame(1);
        LittleEndian.putU32(eventZero, FrameHeader.LENGTH + FragmentFlyweight.EVENT_OFFSET, 0);

        assertThat(wrapPayload(withSamples).validate()).contains("PEAK fragment with samples=4");
        assertThat(wrapPayload(unknown).validate()).contains("unknown fragment encoding 2");
        assertThat(wrapPayload(eventZero).validate()).contains("event number 0");
    }

    @Test
    void moreChannelsThanTheBoardHasAreRefusedByTheChannelLimit() {
        byte[] frame = peakFrame(3);

        assertThat(wrapPayload(frame).validate(3)).isNull();
        assertThat(wrapPayload(frame).validate(2)).isEqualTo("fragment with 3 channels from a board of 2");
    }

    @Test
    void readingARecordBeyondTheBufferThrowsInsteadOfReadingForeignBytes() {
        byte[] frame = peakFrame(1);
        wrapPayload(frame);

        assertThatThrownBy(() -> f.peakTime(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}

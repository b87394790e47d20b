package na64.daq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** BEGIN/END_OF_SPILL payloads written by {@link FrameEncoder} read back, and the lengths {@code validate*} refuses. */
class SpillMarkerFlyweightTest {
    private final FrameEncoder encoder = new FrameEncoder();
    private final SpillMarkerFlyweight m = new SpillMarkerFlyweight();

    private SpillMarkerFlyweight wrapPayload(byte[] frame) {
        return m.wrap(frame, FrameHeader.LENGTH, frame.length - FrameHeader.LENGTH);
    }

    @Test
    void beginOfSpillReadsBackRunSpillAndWallClock() {
        byte[] frame = encoder.beginOfSpill(4, 0xFFFF_FFFEL, 12, 1_700_000_000_123_456_789L);

        assertThat(frame.length - FrameHeader.LENGTH).isEqualTo(SpillMarkerFlyweight.BEGIN_LENGTH);
        assertThat(wrapPayload(frame).validateBegin()).isNull();
        assertThat(m.run()).isEqualTo(0xFFFF_FFFEL);
        assertThat(m.spill()).isEqualTo(12);
        assertThat(m.wallClockNs()).isEqualTo(1_700_000_000_123_456_789L);
    }

    @Test
    void endOfSpillReadsBackItsTriggersAndEveryScaler() {
        byte[] frame = encoder.endOfSpill(1, 512, 3, 9_000,
                new long[] {SpillMarkerFlyweight.SCALER_EOT, 5_000_000_000L},
                new long[] {SpillMarkerFlyweight.SCALER_DEAD_TIME_NS, 77});

        assertThat(wrapPayload(frame).validateEnd()).isNull();
        assertThat(m.run()).isEqualTo(512);
        assertThat(m.spill()).isEqualTo(3);
        assertThat(m.triggers()).isEqualTo(9_000);
        assertThat(m.scalerCount()).isEqualTo(2);
        assertThat(m.scalerId(1)).isEqualTo(SpillMarkerFlyweight.SCALER_DEAD_TIME_NS);
        assertThat(m.scaler(SpillMarkerFlyweight.SCALER_EOT, -1)).isEqualTo(5_000_000_000L);
        assertThat(m.scaler(SpillMarkerFlyweight.SCALER_TRIGGERS, -1)).as("not sent").isEqualTo(-1);
        int scaler1 = FrameHeader.LENGTH + SpillMarkerFlyweight.END_HEADER_LENGTH + SpillMarkerFlyweight.SCALER_LENGTH;
        assertThat(Arrays.copyOfRange(frame, scaler1 + 2, scaler1 + SpillMarkerFlyweight.SCALER_VALUE_OFFSET))
                .as("reserved bytes of a scaler").containsOnly(0);
    }

    @Test
    void beginOfSpillOfAnyOtherLengthIsRefused() {
        byte[] frame = encoder.beginOfSpill(4, 1, 1, 0);

        assertThat(m.wrap(frame, FrameHeader.LENGTH, 15).validateBegin()).contains("15 bytes (must be 16)");
        assertThat(m.wrap(Arrays.copyOf(frame, frame.length + 1), FrameHeader.LENGTH, 17).validateBegin()).contains("17 bytes");
    }

    @Test
    void endOfSpillShorterThanItsHeaderOrItsScalersIsRefused() {
        byte[] frame = encoder.endOfSpill(1, 512, 3, 10, new long[] {SpillMarkerFlyweight.SCALER_EOT, 1});

        assertThat(m.wrap(frame, FrameHeader.LENGTH, 15).validateEnd()).contains("shorter than 16");
        assertThat(m.wrap(frame, FrameHeader.LENGTH, frame.length - FrameHeader.LENGTH - 1).validateEnd())
                .contains("with 1 scalers needs 32 bytes, payload has 31");
        LittleEndian.putU16(frame, FrameHeader.LENGTH + SpillMarkerFlyweight.SCALER_COUNT_OFFSET, 2);
        assertThat(wrapPayload(frame).validateEnd()).contains("with 2 scalers needs 48 bytes");
    }
}

package na64.daq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** HELLO payloads written by {@link FrameEncoder} read back, and every way {@code validate} refuses one. */
class HelloFlyweightTest {
    private final FrameEncoder encoder = new FrameEncoder();
    private final HelloFlyweight h = new HelloFlyweight();

    private HelloFlyweight wrapPayload(byte[] frame) {
        return h.wrap(frame, FrameHeader.LENGTH, frame.length - FrameHeader.LENGTH);
    }

    @Test
    void helloReadsBackBoardKindChannelsAndUtf8Name() {
        byte[] frame = encoder.hello(2, HelloFlyweight.BOARD_MSADC, 36, "ECAL-µ");

        assertThat(wrapPayload(frame).validate()).isNull();
        assertThat(h.boardKind()).isEqualTo(HelloFlyweight.BOARD_MSADC);
        assertThat(h.channelCount()).isEqualTo(36);
        assertThat(h.nameLength()).isEqualTo(7);
        assertThat(h.name()).isEqualTo("ECAL-µ");
    }

    @Test
    void theLongestNameFillsExactlyTheHelloMaximum() {
        byte[] frame = encoder.hello(1, HelloFlyweight.BOARD_TRIGGER_UNIT, 0, "n".repeat(HelloFlyweight.MAX_NAME_LENGTH));

        assertThat(frame.length - FrameHeader.LENGTH).isEqualTo(HelloFlyweight.MAX_LENGTH);
        assertThat(wrapPayload(frame).validate()).isNull();
    }

    @Test
    void aNameOverTheMaximumIsRefused() {
        byte[] frame = encoder.hello(1, HelloFlyweight.BOARD_TRIGGER_UNIT, 0, "n".repeat(HelloFlyweight.MAX_NAME_LENGTH + 1));

        assertThat(wrapPayload(frame).validate()).contains("257 bytes (at most 256)");
    }

    @Test
    void shortPayloadMismatchedNameLengthAndUnknownBoardKindAreRefused() {
        byte[] frame = encoder.hello(2, HelloFlyweight.BOARD_MSADC, 36, "ECAL");

        assertThat(h.wrap(frame, FrameHeader.LENGTH, 5).validate()).contains("shorter than 6");
        assertThat(h.wrap(frame, FrameHeader.LENGTH, frame.length - FrameHeader.LENGTH - 1).validate())
                .contains("name length 4 does not match payload of 9 bytes");
        LittleEndian.putU16(frame, FrameHeader.LENGTH + HelloFlyweight.BOARD_KIND_OFFSET, 3);
        assertThat(wrapPayload(frame).validate()).contains("board kind 3 (must be 1 or 2)");
    }
}

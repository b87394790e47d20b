package na64.daq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

/** Headers written by {@link FrameEncoder} read back through {@link FrameHeader}, including the CRC of the payload. */
class FrameHeaderTest {
    @Test
    void encodedFrameHasMagicVersionTypeSourceLengthAndPayloadCrc() {
        byte[] frame = new FrameEncoder().beginOfSpill(65534, 1, 2, 3);
        FrameHeader h = new FrameHeader().wrap(frame, 0);
        CRC32C crc = new CRC32C();
        crc.update(frame, FrameHeader.LENGTH, frame.length - FrameHeader.LENGTH);

        assertThat(h.magic()).isEqualTo(FrameHeader.MAGIC);
        assertThat(new String(frame, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("NA64");
        assertThat(h.version()).isEqualTo(FrameHeader.VERSION);
        assertThat(h.type()).isEqualTo(FrameHeader.TYPE_BEGIN_OF_SPILL);
        assertThat(h.sourceId()).isEqualTo(FrameHeader.MAX_SOURCE_ID);
        assertThat(h.payloadLength()).isEqualTo(SpillMarkerFlyweight.BEGIN_LENGTH);
        assertThat(h.crc()).isEqualTo((int) crc.getValue());
    }

    @Test
    void declaredLengthIsReadUnsignedUpToFourGigabytes() {
        byte[] b = new byte[FrameHeader.LENGTH];
        FrameHeader.write(b, 0, FrameHeader.TYPE_FRAGMENT, 3, 0, 0);
        LittleEndian.putU32(b, FrameHeader.LENGTH_OFFSET, 0xFFFF_FFFFL);

        assertThat(new FrameHeader().wrap(b, 0).payloadLength()).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void aHeartbeatHasAnEmptyPayloadAndCrcZero() {
        byte[] frame = new FrameEncoder().heartbeat(5);
        FrameHeader h = new FrameHeader().wrap(frame, 0);

        assertThat(frame).hasSize(FrameHeader.LENGTH);
        assertThat(h.payloadLength()).isZero();
        assertThat(h.crc()).isZero();
        assertThat(FrameHeader.typeName(h.type())).isEqualTo("HEARTBEAT");
        assertThat(FrameHeader.typeName(0x42)).isEqualTo("0x42");
    }
}

package na64.daq.emulator;

import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.HelloFlyweight;
import na64.daq.protocol.LittleEndian;
import na64.daq.protocol.SpillMarkerFlyweight;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/** Parses every frame of a source with the protocol flyweights and checks it; counts what it saw. */
final class FrameCheck {
    final int sourceId;
    int hellos;
    int begins;
    int ends;
    int heartbeats;
    int fragments;
    int badCrc;
    int saturatedFragments;
    final List<Long> fragmentEvents = new ArrayList<>();
    SpillMarkerFlyweight end;
    byte[] endBytes;

    private final boolean[] cabled = new boolean[65536];

    private FrameCheck(int sourceId) {
        this.sourceId = sourceId;
        for (int ch : ReferenceSetup.connectedChannels(sourceId)) {
            cabled[ch] = true;
        }
    }

    /** Checks every frame of {@code frames}; asserts on anything malformed. */
    static FrameCheck of(SourceFrames frames) {
        FrameCheck c = new FrameCheck(frames.sourceId());
        FrameHeader h = new FrameHeader();
        CRC32C crc = new CRC32C();
        FragmentFlyweight f = new FragmentFlyweight();
        long lastTime = -1;
        int offset = 0;
        for (int i = 0; i < frames.frameCount(); i++) {
            byte[] b = frames.data();
            int off = frames.frameOffset(i);
            assertThat(off).as("frames lie back to back").isEqualTo(offset);
            h.wrap(b, off);
            assertThat(h.magic()).isEqualTo(FrameHeader.MAGIC);
            assertThat(h.version()).isEqualTo(FrameHeader.VERSION);
            assertThat(h.sourceId()).isEqualTo(frames.sourceId());
            int len = (int) h.payloadLength();
            assertThat(FrameHeader.LENGTH + len).isEqualTo(frames.frameLength(i));
            assertThat(len).isLessThanOrEqualTo(FrameHeader.MAX_PAYLOAD);
            offset += frames.frameLength(i);
            assertThat(frames.sendTimeNs(i)).as("send times never go back").isGreaterThanOrEqualTo(lastTime);
            lastTime = frames.sendTimeNs(i);
            crc.reset();
            crc.update(b, off + FrameHeader.LENGTH, len);
            boolean crcOk = (int) crc.getValue() == h.crc();
            assertThat(crcOk).as("CRC is wrong exactly where a crc fault was injected")
                    .isEqualTo((frames.flags(i) & SourceFrames.FLAG_CORRUPT_CRC) == 0);
            if (!crcOk) {
                c.badCrc++;
            }
            int p = off + FrameHeader.LENGTH;
            switch (h.type()) {
                case FrameHeader.TYPE_HELLO -> {
                    HelloFlyweight hello = new HelloFlyweight().wrap(b, p, len);
                    assertThat(hello.validate()).isNull();
                    assertThat(hello.boardKind()).isEqualTo(ReferenceSetup.boardKind(frames.sourceId()));
                    c.hellos++;
                }
                case FrameHeader.TYPE_BEGIN_OF_SPILL -> {
                    assertThat(new SpillMarkerFlyweight().wrap(b, p, len).validateBegin()).isNull();
                    assertThat(i).as("BEGIN_OF_SPILL comes first").isZero();
                    c.begins++;
                }
                case FrameHeader.TYPE_FRAGMENT -> {
                    f.wrap(b, p, len);
                    assertThat(f.validate()).isNull();
                    c.checkFragment(f, b);
                }
                case FrameHeader.TYPE_END_OF_SPILL -> {
                    SpillMarkerFlyweight m = new SpillMarkerFlyweight().wrap(b, p, len);
                    assertThat(m.validateEnd()).isNull();
                    assertThat(i).as("END_OF_SPILL comes last").isEqualTo(frames.frameCount() - 1);
                    c.endBytes = java.util.Arrays.copyOfRange(b, p, p + len);
                    c.end = new SpillMarkerFlyweight().wrap(c.endBytes, 0, len);
                    c.ends++;
                }
                case FrameHeader.TYPE_HEARTBEAT -> {
                    assertThat(len).isZero();
                    c.heartbeats++;
                }
                default -> throw new AssertionError("unexpected frame type " + h.type());
            }
        }
        assertThat(offset).isEqualTo(frames.byteLength());
        return c;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    private void checkFragment(FragmentFlyweight f, byte[] b) {
        fragments++;
        long event = f.event();
        if (!fragmentEvents.isEmpty()) {
            assertThat(event).as("events never go back").isGreaterThanOrEqualTo(fragmentEvents.get(fragmentEvents.size() - 1));
        }
        fragmentEvents.add(event);
        if (sourceId == ReferenceSetup.TRIGGER) {
            assertThat(f.channelCount()).isZero();
        }
        boolean clipped = false;
        // Plain checks in the per-channel loops: an assertion object per sample would dominate the test's time.
        for (int r = 0; r < f.channelCount(); r++) {
            int ch = f.channel(r);
            check(cabled[ch], "channel " + ch + " of source " + sourceId + " is not cabled");
            if (f.encoding() == FragmentFlyweight.ENCODING_WAVEFORM) {
                for (int s = 0; s < f.samples(); s++) {
                    int v = f.sample(r, s);
                    check(v <= 4095, "sample over 12 bits: " + v);
                    clipped |= v == 4095;
                }
            } else {
                check(f.peakAmplitude(r) < 4095, "PEAK amplitude over the ADC range");
            }
        }
        if (f.encoding() == FragmentFlyweight.ENCODING_WAVEFORM) {
            assertThat((f.flags() & FragmentFlyweight.FLAG_SATURATED) != 0).isEqualTo(clipped);
        }
        if ((f.flags() & FragmentFlyweight.FLAG_SATURATED) != 0) {
            saturatedFragments++;
        }
        assertThat(LittleEndian.u16(b, f.offset() + 30)).as("reserved").isZero();
    }
}

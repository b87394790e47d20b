package na64.daq.app.reliability;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.HelloFlyweight;

/**
 * Frames of the fuzz campaign and their seeded mutations. Valid frames follow the reference setup:
 * every trigger is PHYSICS with trigger time 1 µs × event number; the trigger unit (1) sends no
 * channels, digitizers 2, 4, 5 one waveform channel of 4 samples, and the fuzzed source 3 two
 * channels. Mutations that keep a valid CRC (random payloads) keep the key (run, spill, event)
 * intact, so a payload that happens to be well formed lands in the event it names: the oracle
 * ({@link WireModel}) decides, the mutator does not.
 */
final class FuzzFrames {
    /** The reference setup, whose names and channel counts the HELLOs announce. */
    private static final RunConfig DEFAULT = ConfigLoader.loadDefault();
    static final int FUZZED = 3;
    static final long RUN = 6464;

    private final FrameEncoder encoder = new FrameEncoder();
    private final CRC32C crc = new CRC32C();
    private final SplittableRandom rnd;

    FuzzFrames(SplittableRandom rnd) {
        this.rnd = rnd;
    }

    static long triggerTime(long event) {
        return event * 1_000;
    }

    byte[] hello(int source) {
        RunConfig.SourceConfig c = DEFAULT.source(source); // announce what the configuration says
        return encoder.hello(source, c.boardKind(), c.channels(), c.name());
    }

    byte[] beginOfSpill(int source, long spill) {
        return encoder.beginOfSpill(source, RUN, spill, 1_800_000_000_000_000_000L + spill);
    }

    byte[] endOfSpill(int source, long spill, long triggers) {
        return source == 1 ? encoder.endOfSpill(source, RUN, spill, triggers, new long[] {1, 10 * triggers})
                : encoder.endOfSpill(source, RUN, spill, triggers);
    }

    /** The well-formed fragment of {@code source} for (RUN, spill, event). */
    byte[] fragment(int source, long spill, long event) {
        int channels = source == 1 ? 0 : source == FUZZED ? 2 : 1;
        encoder.begin(FrameHeader.TYPE_FRAGMENT, source).putFragmentHeader(RUN, spill, event, 0, triggerTime(event),
                FragmentFlyweight.TRIGGER_PHYSICS, FragmentFlyweight.ENCODING_WAVEFORM, channels == 0 ? 0 : 4, channels);
        for (int c = 0; c < channels; c++) {
            encoder.putU16(c).putU16(400).putU16(401).putU16(400 + 60 * c).putU16(399);
        }
        return encoder.toFrame();
    }

    /** Flips 1 to 3 random bits anywhere in {@code frame} (header or payload); the CRC is not fixed. */
    byte[] bitFlips(byte[] frame) {
        byte[] f = frame.clone();
        int flips = 1 + rnd.nextInt(3);
        for (int k = 0; k < flips; k++) {
            int bit = rnd.nextInt(f.length * 8);
            f[bit >>> 3] ^= (byte) (1 << (bit & 7));
        }
        return f;
    }

    /** The first {@code 1 .. length-1} bytes of {@code frame}. */
    byte[] truncated(byte[] frame) {
        return Arrays.copyOf(frame, 1 + rnd.nextInt(frame.length - 1));
    }

    /** {@code frame} with a false payload length: shorter, longer (within the cap) or over the 1 MiB cap. */
    byte[] lengthLie(byte[] frame) {
        byte[] f = frame.clone();
        int real = f.length - FrameHeader.LENGTH;
        long lie = switch (rnd.nextInt(3)) {
            case 0 -> rnd.nextInt(real);
            case 1 -> real + 1 + rnd.nextInt(2_000);
            default -> FrameHeader.MAX_PAYLOAD + 1 + (rnd.nextLong() & 0x7FFF_FFFFL);
        };
        putU32(f, FrameHeader.LENGTH_OFFSET, Math.min(lie, 0xFFFF_FFFFL));
        return f;
    }

    /** {@code frame} with another type byte (any of the 255 others). */
    byte[] wrongType(byte[] frame) {
        byte[] f = frame.clone();
        int t = f[FrameHeader.TYPE_OFFSET] & 0xFF;
        f[FrameHeader.TYPE_OFFSET] = (byte) ((t + 1 + rnd.nextInt(255)) & 0xFF);
        return f;
    }

    /** {@code frame} with another source id in its header (the connection's HELLO said {@link #FUZZED}). */
    byte[] wrongSource(byte[] frame) {
        byte[] f = frame.clone();
        int id = FUZZED;
        while (id == FUZZED) {
            id = rnd.nextInt(65536);
        }
        f[FrameHeader.SOURCE_OFFSET] = (byte) id;
        f[FrameHeader.SOURCE_OFFSET + 1] = (byte) (id >>> 8);
        return f;
    }

    /**
     * A FRAGMENT of source 3 whose payload is random bytes of random length with a correct CRC; when
     * 12 bytes or more, the first 12 are the key (run, spill, event).
     */
    byte[] randomPayload(long spill, long event) {
        byte[] p = new byte[rnd.nextInt(rnd.nextBoolean() ? 40 : 700)];
        fill(p);
        if (p.length >= 12) {
            putU32(p, 0, RUN);
            putU32(p, 4, spill);
            putU32(p, 8, event);
        }
        return frame(FrameHeader.TYPE_FRAGMENT, FUZZED, p);
    }

    /**
     * A FRAGMENT of source 3 with the shape of spec §4 but random content: encoding, samples,
     * channel count (sometimes beyond the board's 36), channel numbers, samples, flags, and (half of
     * the time) a trigger time or type other than the trigger unit's. Usually well formed.
     */
    byte[] structuredRandom(long spill, long event) {
        boolean peak = rnd.nextBoolean();
        int samples = peak ? 0 : 1 + rnd.nextInt(64);
        int channels = rnd.nextInt(10) == 0 ? rnd.nextInt(200) : 1 + rnd.nextInt(36);
        boolean aligned = rnd.nextBoolean();
        long time = aligned ? triggerTime(event) : rnd.nextLong();
        int type = aligned ? FragmentFlyweight.TRIGGER_PHYSICS : rnd.nextInt(65536);
        encoder.begin(FrameHeader.TYPE_FRAGMENT, FUZZED).putFragmentHeader(RUN, spill, event, rnd.nextInt(2), time, type,
                peak ? FragmentFlyweight.ENCODING_PEAK : FragmentFlyweight.ENCODING_WAVEFORM, samples, channels);
        for (int c = 0; c < channels; c++) {
            encoder.putU16(rnd.nextInt(65536));
            for (int s = 0; s < (peak ? 2 : samples); s++) {
                encoder.putU16(rnd.nextInt(65536));
            }
        }
        return encoder.toFrame();
    }

    /** {@code 1 .. 64} random bytes: not a frame. */
    byte[] garbage() {
        byte[] g = new byte[1 + rnd.nextInt(64)];
        fill(g);
        return g;
    }

    /** A HEARTBEAT that breaks §2: a payload, or a CRC other than 0. */
    byte[] badHeartbeat() {
        if (rnd.nextBoolean()) {
            byte[] p = new byte[1 + rnd.nextInt(16)];
            fill(p);
            return frame(FrameHeader.TYPE_HEARTBEAT, FUZZED, p);
        }
        byte[] f = encoder.heartbeat(FUZZED);
        putU32(f, FrameHeader.CRC_OFFSET, 1 + rnd.nextInt(Integer.MAX_VALUE));
        return f;
    }

    /** A HELLO with a wrong CRC. */
    byte[] helloBadCrc(int source) {
        byte[] f = hello(source);
        f[FrameHeader.CRC_OFFSET] ^= 0x5A;
        return f;
    }

    /** A HELLO from a source id the configuration does not have. */
    byte[] helloUnknown() {
        int id = 6 + rnd.nextInt(65530); // 6 .. 65535
        return encoder.hello(id, HelloFlyweight.BOARD_MSADC, 8, "stranger-" + id);
    }

    /** A frame with a correct header and CRC around {@code payload}. */
    byte[] frame(int type, int source, byte[] payload) {
        byte[] f = new byte[FrameHeader.LENGTH + payload.length];
        crc.reset();
        crc.update(payload, 0, payload.length);
        FrameHeader.write(f, 0, type, source, payload.length, (int) crc.getValue());
        System.arraycopy(payload, 0, f, FrameHeader.LENGTH, payload.length);
        return f;
    }

    private void fill(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
    }

    static void putU32(byte[] b, int i, long v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}

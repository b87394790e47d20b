package na64.daq.emulator;

import na64.daq.protocol.FragmentFlyweight;

import java.util.Locale;

/** How the digitizers encode their channels in a FRAGMENT (spec §4). */
public enum Encoding {
    /** 32 samples of 12.5 ns per channel: pulse on a pedestal near 400 counts, with noise. */
    WAVEFORM(FragmentFlyweight.ENCODING_WAVEFORM),
    /** One amplitude above pedestal and one peak time per channel. */
    PEAK(FragmentFlyweight.ENCODING_PEAK);

    private final int wireCode;

    Encoding(int wireCode) {
        this.wireCode = wireCode;
    }

    /** The encoding byte on the wire (0 WAVEFORM, 1 PEAK). */
    public int wireCode() {
        return wireCode;
    }

    /** Parses {@code waveform} or {@code peak}, case-insensitively. */
    public static Encoding parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown encoding '" + s + "' (waveform or peak)", e);
        }
    }
}

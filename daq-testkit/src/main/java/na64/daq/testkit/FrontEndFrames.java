package na64.daq.testkit;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;

/**
 * The frames one test front-end sends, as whole byte arrays built with the protocol's
 * {@link FrameEncoder}: for tests that feed a channel directly, and for {@link FrontEndClient}.
 * Every FRAGMENT is a RANDOM trigger with a trigger time drawn from the event number alone, so the
 * fragments of one event agree across sources (aligned) and every complete event is accepted into the
 * {@code random} stream. Source 1 is the trigger unit (no channels); the others send the channels
 * their {@link Shape} asks for. Not thread-safe: one thread at a time.
 */
public final class FrontEndFrames {
    /** The reference setup, whose names and channel counts the HELLOs announce. */
    private static final RunConfig DEFAULT = ConfigLoader.loadDefault();
    /** Samples per WAVEFORM channel. */
    public static final int SAMPLES = 32;
    /** Wall clock of the BEGIN_OF_SPILL of spill 0; spill {@code n} begins {@code n} ns later. */
    private static final long EPOCH_NS = 1_700_000_000_000_000_000L;
    /** Trigger time per event number: event {@code e} triggered at {@code e * TRIGGER_SPACING_NS}. */
    private static final long TRIGGER_SPACING_NS = 40_000;
    private static final int PEDESTAL = 400;

    /**
     * What a front-end's frames carry: the run, the spill the spill-less calls mean, the channel
     * encoding and the channels per digitizer fragment (never more than the board has).
     */
    public record Shape(long run, long spill, int encoding, int channels) {
        /** One PEAK channel per digitizer fragment, run 512 spill 1: what the ingest tests send. */
        public static final Shape PEAK = new Shape(512, 1, FragmentFlyweight.ENCODING_PEAK, 1);

        /** {@code channels} WAVEFORM channels of {@link #SAMPLES} samples per digitizer fragment. */
        public static Shape waveform(long run, long spill, int channels) {
            return new Shape(run, spill, FragmentFlyweight.ENCODING_WAVEFORM, channels);
        }
    }

    private final int source;
    private final Shape shape;
    private final int channels;
    private final FrameEncoder encoder = new FrameEncoder();
    private final int[] samples = new int[SAMPLES];

    /** The frames of {@code source} in the {@link Shape#PEAK} shape. */
    public FrontEndFrames(int source) {
        this(source, Shape.PEAK);
    }

    public FrontEndFrames(int source, Shape shape) {
        this.source = source;
        this.shape = shape;
        RunConfig.SourceConfig c = DEFAULT.source(source); // null for a source the reference setup lacks
        this.channels = source == 1 ? 0 : c == null ? shape.channels() : Math.min(shape.channels(), c.channels());
    }

    public int source() {
        return source;
    }

    public Shape shape() {
        return shape;
    }

    /** The HELLO the reference configuration expects of this source. */
    public byte[] hello() {
        RunConfig.SourceConfig c = DEFAULT.source(source);
        return encoder.hello(source, c.boardKind(), c.channels(), c.name());
    }

    public byte[] beginOfSpill() {
        return beginOfSpill(shape.spill());
    }

    public byte[] beginOfSpill(long spill) {
        return encoder.beginOfSpill(source, shape.run(), spill, EPOCH_NS + spill);
    }

    /** The FRAGMENT of {@code event} in the shape's spill. */
    public byte[] fragment(long event) {
        return fragment(shape.spill(), event);
    }

    /**
     * The FRAGMENT of ({@code spill}, {@code event}). PEAK channels carry one fixed peak; WAVEFORM
     * samples sit on a pedestal and depend on (source, spill, event, channel), so a test comparing
     * stored payloads with sent ones would notice a fragment filed under the wrong key.
     */
    public byte[] fragment(long spill, long event) {
        boolean waveform = shape.encoding() == FragmentFlyweight.ENCODING_WAVEFORM;
        encoder.begin(FrameHeader.TYPE_FRAGMENT, source).putFragmentHeader(shape.run(), spill, event, 0,
                event * TRIGGER_SPACING_NS, FragmentFlyweight.TRIGGER_RANDOM, shape.encoding(),
                waveform && channels > 0 ? SAMPLES : 0, channels);
        for (int ch = 0; ch < channels; ch++) {
            if (waveform) {
                for (int k = 0; k < SAMPLES; k++) {
                    samples[k] = PEDESTAL + (int) ((event * 7 + source * 13 + ch * 3 + k + spill) % 50);
                }
                encoder.putWaveformRecord(ch, samples, SAMPLES);
            } else {
                encoder.putPeakRecord(ch, 20, 150);
            }
        }
        return encoder.toFrame();
    }

    public byte[] endOfSpill(long triggers) {
        return endOfSpill(shape.spill(), triggers);
    }

    public byte[] endOfSpill(long spill, long triggers) {
        return encoder.endOfSpill(source, shape.run(), spill, triggers);
    }

    /** The trigger unit's END_OF_SPILL, with the EOT scaler (id 1). */
    public byte[] endOfSpill(long spill, long triggers, long eot) {
        return encoder.endOfSpill(source, shape.run(), spill, triggers, new long[] {1, eot});
    }

    public byte[] heartbeat() {
        return encoder.heartbeat(source);
    }
}

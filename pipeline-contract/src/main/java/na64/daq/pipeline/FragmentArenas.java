package na64.daq.pipeline;

import na64.daq.pipeline.FragmentArena;

import java.util.List;

import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameHeader;

/**
 * The {@link FragmentArena}s of every configured source, in configuration order (the builder's
 * dense source index). Sized so that the sources' normal drift never crowds them: the ingest event
 * window lets a source run {@code maxInFlightEvents / 2} events ahead of the slowest, so an arena
 * holds that many fragments of the source's largest size (36 channels of 64 samples: 4712 bytes)
 * below its half-full evacuation mark, capped at {@link #MAX_BYTES}; and it has room for eight
 * times {@code maxInFlightEvents} fragments, so the activation FIFO (twice the table) evicts before
 * a count limit is reached. The reference setup takes about 130 MiB for its five sources.
 */
public final class FragmentArenas {
    /** Upper bound of one source's arena. */
    public static final int MAX_BYTES = 64 << 20;
    /**
     * Lower bound of one source's arena: the trigger unit's 32-byte fragments would otherwise get
     * 256 KiB, crowded by a trigger unit only a few thousand events ahead (see docs/benchmarks.md,
     * open points: a run with it crowded built more events than were sent).
     */
    public static final int MIN_BYTES = 4 << 20;

    private final FragmentArena[] arenas;
    private final SourceIndex index;

    public FragmentArenas(RunConfig config) {
        List<RunConfig.SourceConfig> sources = config.sources();
        // The builder evacuates at half: room for twice the activation FIFO (2 x maxInFlightEvents) below that.
        int descriptors = 8 * config.builder().maxInFlightEvents();
        arenas = new FragmentArena[sources.size()];
        index = new SourceIndex(sources);
        for (int i = 0; i < arenas.length; i++) {
            RunConfig.SourceConfig s = sources.get(i);
            long largest = Math.min(FrameHeader.MAX_PAYLOAD, FragmentFlyweight.HEADER_LENGTH
                    + (long) s.channels() * FragmentFlyweight.waveformRecordLength(FragmentFlyweight.MAX_SAMPLES));
            long wanted = Math.min(MAX_BYTES, (long) config.builder().maxInFlightEvents() * largest);
            arenas[i] = new FragmentArena(s.id(), (int) Math.max(Math.max(wanted, 2 * largest), MIN_BYTES), descriptors);
        }
    }

    /** The arena of the source with dense index {@code index}. */
    public FragmentArena at(int index) {
        return arenas[index];
    }

    /** The arena of source {@code sourceId}, or null when the configuration does not name it. */
    public FragmentArena forSource(int sourceId) {
        int i = index.of(sourceId);
        return i == SourceIndex.NONE ? null : arenas[i];
    }

    /** The source index (configuration order) the arenas are kept in. */
    public SourceIndex index() {
        return index;
    }
}

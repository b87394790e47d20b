package na64.daq.pipeline;

import java.util.Arrays;
import java.util.List;

import na64.daq.config.RunConfig;

/**
 * Source id → dense index, the position of the source in the run configuration (0 .. count-1).
 * Every per-source array on the hot threads is indexed this way; the lookup is one array load
 * over a table of every possible u16 id, so it needs no bounds logic beyond the id's range.
 * Immutable once built; any thread may read it.
 */
public final class SourceIndex {
    /** The index of an id the configuration does not name. */
    public static final int NONE = -1;
    /** Source ids are u16 on the wire (spec §2). */
    private static final int IDS = 1 << 16;

    private final int[] indexById = new int[IDS];
    private final int[] ids;

    /** The sources of {@code config}, in configuration order. */
    public SourceIndex(RunConfig config) {
        this(config.sources());
    }

    public SourceIndex(List<RunConfig.SourceConfig> sources) {
        Arrays.fill(indexById, NONE);
        ids = new int[sources.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = sources.get(i).id();
            indexById[ids[i]] = i;
        }
    }

    /** The dense index of {@code sourceId}, or {@link #NONE} when the configuration does not name it. */
    public int of(int sourceId) {
        return sourceId >= 0 && sourceId < IDS ? indexById[sourceId] : NONE;
    }

    /** Number of configured sources. */
    public int count() {
        return ids.length;
    }

    /** The source id at dense index {@code index}. */
    public int id(int index) {
        return ids[index];
    }
}

package na64.daq.trigger;

import na64.daq.pipeline.FragmentReconstruction;
import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FragmentFlyweight;

/**
 * The reconstruction ingest calls, with trigger settings chosen per spill so that a configuration
 * reload takes effect at a spill boundary and never in the middle of a spill.
 *
 * <p>A reload {@linkplain #offer offers} new settings (one volatile write, off the hot threads).
 * The ingest thread reads that reference only when a fragment names a spill it has not seen yet:
 * that spill, and it alone, takes the settings offered at that moment, and keeps them for its
 * whole life, even while a slow source still sends the spill before it. The settings go into the
 * ring entry ({@link IngestEntry#spillSettings}), so the builder selects the spill's events with
 * the same configuration, whatever the ring holds when the reload arrives.
 *
 * <p>Per fragment: one comparison with the last spill seen; on a change, a scan of the
 * {@value #REMEMBERED_SPILLS} spills seen last (the builder keeps at most 8 open). A spill older than
 * those is taken as new. Ingest thread only, except {@link #offer}; allocates nothing.
 */
public final class SpillReconstruction implements FragmentReconstruction {
    /** Spills whose settings are remembered, as many as the builder may keep open. */
    static final int REMEMBERED_SPILLS = 8;

    /** The newest settings: a spill seen from now on takes them. Written by the reload path only. */
    private volatile TriggerSettings offered;

    // Ingest thread only.
    private final long[] keys = new long[REMEMBERED_SPILLS];
    private final TriggerSettings[] chosen = new TriggerSettings[REMEMBERED_SPILLS];
    private int remembered;
    private int next;
    private long lastKey;
    private TriggerSettings last;

    /** Reconstructs every spill with {@code initial} until something else is offered. */
    public SpillReconstruction(TriggerSettings initial) {
        this.offered = initial;
    }

    /** Settings for the spills ingest sees from now on (reload path; one caller at a time). */
    public void offer(TriggerSettings settings) {
        offered = settings;
    }

    /** The settings the next new spill will take. */
    public TriggerSettings offered() {
        return offered;
    }

    @Override
    public void reconstruct(int sourceId, FragmentFlyweight fragment, IngestEntry entry) {
        long key = fragment.run() << 32 | fragment.spill(); // both u32
        TriggerSettings s = last != null && key == lastKey ? last : settingsOf(key);
        s.reconstructor().reconstruct(sourceId, fragment, entry);
        entry.spillSettings = s;
    }

    private TriggerSettings settingsOf(long key) {
        TriggerSettings s = null;
        for (int k = 0; k < remembered; k++) {
            if (keys[k] == key) {
                s = chosen[k];
                break;
            }
        }
        if (s == null) { // a spill boundary: the one place the offered settings are read
            s = offered;
            keys[next] = key;
            chosen[next] = s;
            next = (next + 1) % REMEMBERED_SPILLS;
            remembered = Math.min(remembered + 1, REMEMBERED_SPILLS);
        }
        lastKey = key;
        last = s;
        return s;
    }
}

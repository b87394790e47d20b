package na64.daq.farm.builder;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which offset of one frames partition a builder may commit. A record is needed until the spill
 * it belongs to has been summarised (its partial published, which happens after every event of that
 * spill was stored or rejected). So the commit point is the first offset of the oldest spill still
 * open on this partition, or the next offset to read when none is open. Committing at spill
 * granularity means the next owner after a crash rebuilds whole spills of this partition, so its
 * partial counts are exact, and reads the dead owner's store only to skip events already stored.
 *
 * <p>{@link #below()} goes with the commit: records of spills before it are finished and the next
 * owner skips them ({@link #skips}), so a straggler of an old spill never reopens it.
 */
public final class SpillTracker {
    private static final int CLOSED_REMEMBERED = 64;

    private final TreeMap<SpillKey, Long> open = new TreeMap<>();
    private final Set<SpillKey> closed = new HashSet<>();
    private final ArrayDeque<SpillKey> closedOrder = new ArrayDeque<>();
    private final SpillKey skipBelow;
    private SpillKey maxClosed;
    private long nextOffset;

    /** A tracker starting at {@code offset}, skipping records of spills before {@code skipBelow} (may be null). */
    public SpillTracker(long offset, SpillKey skipBelow) {
        this.nextOffset = offset;
        this.skipBelow = skipBelow;
        this.maxClosed = skipBelow == null ? null : new SpillKey(skipBelow.run(), skipBelow.spill() - 1);
    }

    /** Whether a record of spill {@code k} is to be skipped (its spill was finished by an earlier owner). */
    public boolean skips(SpillKey k) {
        return skipBelow != null && k.compareTo(skipBelow) < 0;
    }

    /** A record of spill {@code k} at {@code offset} is about to be built: it opens the spill if new. */
    public void seen(SpillKey k, long offset) {
        if (!open.containsKey(k) && !closed.contains(k) && !skips(k)) {
            open.put(k, offset);
        }
    }

    /** Any record at {@code offset} has been built. */
    public void consumed(long offset) {
        nextOffset = offset + 1;
    }

    /** Spill {@code k}'s partial has been published: its records are no longer needed. */
    public void closed(SpillKey k) {
        open.remove(k);
        if (closed.add(k)) {
            closedOrder.addLast(k);
            if (closedOrder.size() > CLOSED_REMEMBERED) {
                closed.remove(closedOrder.removeFirst());
            }
        }
        if (maxClosed == null || k.compareTo(maxClosed) > 0) {
            maxClosed = k;
        }
    }

    /** The offset that may be committed: everything before it is summarised. */
    public long commitOffset() {
        long c = nextOffset;
        for (Map.Entry<SpillKey, Long> e : open.entrySet()) {
            c = Math.min(c, e.getValue());
        }
        return c;
    }

    /** Spills before this one need nothing after the commit point; null if nothing was seen. */
    public SpillKey below() {
        if (!open.isEmpty()) {
            return open.firstKey();
        }
        return maxClosed == null ? null : maxClosed.next();
    }

    public int openSpills() {
        return open.size();
    }
}

package na64.daq.app;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import na64.daq.emulator.Progress;
import na64.daq.emulator.ProgressListener;

/**
 * The trigger rate each spill was actually sent at, measured on the wall clock from the trigger
 * unit's (source 1: one frame per trigger) progress reports: frames sent between its first report
 * in the spill and the spill's end, over the time between them (a spill sent in one burst, with no
 * report inside it, counts from the previous spill's end plus the gap). The configured rate is only what
 * was asked for; a loaded machine sends slower.
 */
final class SendRate implements ProgressListener {
    private record Mark(long nanos, long frames) {
    }

    private final Map<Integer, Mark> first = new ConcurrentHashMap<>();
    private final Map<Integer, Mark> last = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();
    private final long gapNanos;

    /** {@code gapNanos}: the pause between spills, for a spill sent in one burst (no report inside it). */
    SendRate(long gapNanos) {
        this.gapNanos = gapNanos;
    }

    @Override
    public void onProgress(Progress p) {
        if (p.sourceId() != 1) {
            return;
        }
        Mark now = new Mark(System.nanoTime(), p.spillFrames());
        first.putIfAbsent(p.spill(), now);
        if (p.spillDone()) {
            last.put(p.spill(), now);
        }
    }

    /** "N Hz over S s" for {@code spill}, or "unknown" when it was too short to see two reports. */
    String of(long spill) {
        Mark a = first.get((int) spill);
        Mark b = last.get((int) spill);
        if (a != null && b != null && b.frames() <= a.frames()) {
            // Sent in one burst (a late sender catching up): from the previous spill's end plus the gap.
            Mark before = last.get((int) spill - 1);
            a = new Mark(before != null ? before.nanos() + gapNanos : startNanos, 0);
        }
        if (a == null || b == null || b.nanos() <= a.nanos()) {
            return "unknown (spill too short to measure)";
        }
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        return String.format(Locale.ROOT, "%.0f Hz over %.2f s", (b.frames() - a.frames()) / seconds, seconds);
    }
}

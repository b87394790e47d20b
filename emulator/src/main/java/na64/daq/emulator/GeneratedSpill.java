package na64.daq.emulator;

import java.util.EnumMap;
import java.util.Map;

/**
 * What one generated spill held, for reports.
 *
 * @param spill      spill number
 * @param triggers   triggers issued
 * @param eot        the EOT scaler
 * @param deadTimeNs the dead-time scaler
 * @param frames     frames over all sources
 * @param bytes      bytes over all sources
 * @param kinds      triggers per truth kind
 * @param faults     faults injected
 */
public record GeneratedSpill(long spill, long triggers, long eot, long deadTimeNs, long frames, long bytes,
                           Map<EventKind, Integer> kinds, InjectedFaults faults) {

    /** Summarizes {@code data}. */
    public static GeneratedSpill of(SpillData data) {
        Map<EventKind, Integer> kinds = new EnumMap<>(EventKind.class);
        for (EventKind k : EventKind.values()) {
            int n = data.truth().count(k);
            if (n > 0) {
                kinds.put(k, n);
            }
        }
        return new GeneratedSpill(data.spill(), data.triggers(), data.eot(), data.deadTimeNs(), data.totalFrames(),
                data.totalBytes(), kinds, data.faults());
    }
}

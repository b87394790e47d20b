package na64.daq.emulator;

/**
 * One fault the generator injected.
 *
 * @param kind     what was done
 * @param spill    spill number
 * @param event    the trigger whose fragment was affected (0 for {@link FaultKind#NOEND})
 * @param sourceId the source that misbehaved
 */
public record InjectedFault(FaultKind kind, long spill, long event, int sourceId) {
}

package na64.daq.emulator;

import na64.daq.protocol.FragmentFlyweight;

/**
 * Receives the events of a spill as {@link OfflineEventBuilder} assembles them from the frames:
 * {@link #beginEvent}, then each arrived fragment, then {@link #endEvent}. The flyweight is only
 * valid during the call.
 */
public interface EventVisitor {
    /** A new event starts; {@code triggerType} and time are the trigger unit's (or the first fragment's). */
    void beginEvent(long event, int triggerType, long triggerTimeNs);

    /** One source's fragment of the current event (first copy with a good CRC). */
    void fragment(int sourceId, FragmentFlyweight fragment);

    /**
     * The current event is complete (every source's fragment arrived) or not, and misaligned if a
     * digitizer's trigger time or type differs from the trigger unit's.
     */
    void endEvent(long event, boolean complete, boolean misaligned);
}

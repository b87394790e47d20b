package na64.daq.store;

import na64.daq.pipeline.EventView;

import java.util.List;

/**
 * An event read back from the store; every field of {@link EventView} as written. Arrays and
 * payloads are fresh copies owned by the caller (records compare them by reference).
 *
 * @param run            run number
 * @param spill          spill number
 * @param event          event number in the spill
 * @param triggerType    trigger type bits (spec §4)
 * @param triggerTimeNs  trigger time, ns since the start of the spill
 * @param flags          fragment flags of the trigger unit
 * @param streams        accepted-stream bitmask: bit 0 invisible, bit 1 random, bit 2 calibration
 * @param complete       every expected fragment arrived
 * @param misaligned     sources' trigger time or type disagreed
 * @param ePs            E_PS in MeV
 * @param eEcal          E_ECAL in MeV
 * @param eHcal          E_HCAL in MeV
 * @param eVeto          E_VETO in MeV
 * @param eSrd           E_SRD in MeV
 * @param missingSources source ids of the missing fragments, in stored order
 * @param fragments      the fragments, in stored order
 */
public record StoredEvent(long run, long spill, long event, int triggerType, long triggerTimeNs, int flags,
                          int streams, boolean complete, boolean misaligned,
                          double ePs, double eEcal, double eHcal, double eVeto, double eSrd,
                          int[] missingSources, List<Fragment> fragments) implements StoredRecord {

    /**
     * One source's FRAGMENT payload, byte for byte as received.
     *
     * @param sourceId the sending source
     * @param payload  the FRAGMENT payload (spec §4)
     */
    public record Fragment(int sourceId, byte[] payload) {
    }
}

package na64.daq.pipeline;

/**
 * What the event builder hands to {@code EventStore.appendEvent} for one event: a read-only view
 * over its pre-allocated event slot. The store copies everything it needs during the call and keeps
 * no reference afterwards, so the builder may reuse the slot as soon as the call returns.
 *
 * <p>Ranges: run, spill and event are u32 (spec §4), the trigger type is u16, source ids are u16,
 * and {@link #streams()} fits in 8 bits; {@code EventStore.appendEvent} rejects values outside them.
 */
public interface EventView {
    /** Run number (u32). */
    long run();

    /** Spill number in the run (u32). */
    long spill();

    /** Event (trigger) number in the spill, 1, 2, 3, ... (u32). */
    long event();

    /** Trigger type bits from the trigger unit's fragment (spec §4); 0 if that fragment is absent. */
    int triggerType();

    /** Trigger time in ns since the start of the spill, from the trigger unit's fragment; 0 if absent. */
    long triggerTimeNs();

    /** Fragment flags from the trigger unit's fragment; 0 if absent. */
    int flags();

    /** Accepted-stream bitmask: bit 0 invisible, bit 1 random, bit 2 calibration. */
    int streams();

    /** Whether every expected source sent its fragment. */
    boolean complete();

    /** Whether a digitizer's trigger time or type differed from the trigger unit's (spec §4). */
    boolean misaligned();

    /** Preshower energy E_PS in MeV (spec §7). */
    double ePs();

    /** ECAL energy E_ECAL in MeV. */
    double eEcal();

    /** HCAL energy E_HCAL in MeV. */
    double eHcal();

    /** Veto energy E_VETO in MeV. */
    double eVeto();

    /** SRD energy E_SRD in MeV. */
    double eSrd();

    /** Number of sources whose fragment is missing (0 for a complete event). */
    int missingCount();

    /** Source id of the {@code i}-th missing source, {@code 0 <= i < missingCount()}. */
    int missingSource(int i);

    /** Number of fragments the event holds. */
    int fragmentCount();

    /** Source id of the {@code i}-th fragment. */
    int fragmentSource(int i);

    /** Buffer holding the {@code i}-th fragment's FRAGMENT payload, exactly as received. */
    byte[] fragmentBuffer(int i);

    /** Offset of the {@code i}-th fragment's payload in {@link #fragmentBuffer(int)}. */
    int fragmentOffset(int i);

    /** Length in bytes of the {@code i}-th fragment's payload. */
    int fragmentLength(int i);
}

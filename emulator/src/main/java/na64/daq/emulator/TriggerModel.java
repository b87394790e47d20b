package na64.daq.emulator;

import na64.daq.protocol.FragmentFlyweight;

/**
 * The service's online reconstruction and selection (spec §7–8), seen through a narrow door so
 * this module need not depend on the trigger code: the caller adapts the trigger-logic module's
 * {@code Reconstructor} and {@code Selector} to it, so the {@link AcceptanceStudy} judges the
 * emulator's events with exactly the code the service runs. Single-threaded.
 */
public interface TriggerModel {
    /** Bit of the {@code invisible} stream in {@link #select}'s mask. */
    int INVISIBLE = 1;

    /** Forgets the previous event's energies. */
    void beginEvent();

    /** Adds one fragment's channels to the current event's energies. */
    void add(int sourceId, FragmentFlyweight fragment);

    /** The stream mask of the current event (bit 0 invisible, bit 1 random, bit 2 calibration). */
    int select(long event, int triggerType, boolean complete, boolean misaligned);

    /** E_ECAL of the current event, MeV. */
    double ecal();

    /** E_HCAL of the current event, MeV. */
    double hcal();
}

package na64.daq.pipeline;

import na64.daq.protocol.FragmentFlyweight;

/**
 * The online reconstruction (spec §7) as ingest sees it: the ingest thread calls it on each
 * fragment's arena copy right after the checks, while the bytes are still in cache, and the ring
 * entry carries only the result. The implementation lives in trigger-logic and is handed to ingest
 * by the service, so ingest does not depend on the trigger. Called on one thread only; must not
 * allocate.
 */
@FunctionalInterface
public interface FragmentReconstruction {
    /**
     * Sets {@code entry}'s {@code ps}, {@code ecalMain}, {@code hcal}, {@code veto} and {@code srd}
     * to this fragment's share of the event's energies (MeV). {@code fragment} has passed
     * {@link FragmentFlyweight#validate()}.
     */
    void reconstruct(int sourceId, FragmentFlyweight fragment, IngestEntry entry);
}

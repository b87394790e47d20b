package na64.daq.testkit;

import na64.daq.pipeline.FragmentArena;
import na64.daq.pipeline.FragmentReconstruction;
import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FragmentFlyweight;

/**
 * Fills ring entries as ingest does, for the tests of the stages downstream of it (which must not
 * depend on ingest): the payload copied into its source's arena, its shape checked, its header
 * fields and reconstructed energies put into the entry, its arena space taken.
 */
public final class TestIntake {
    private final FragmentReconstruction reconstruction;
    private final FragmentFlyweight fragment = new FragmentFlyweight();

    public TestIntake(FragmentReconstruction reconstruction) {
        this.reconstruction = reconstruction;
    }

    /**
     * Copies {@code src[srcOffset, +length)} into {@code arena} and fills {@code e}; returns
     * {@code null}, or why the payload is malformed (nothing taken then). Throws when the arena is
     * full: tests release as they go.
     */
    public String intake(IngestEntry e, FragmentArena arena, byte[] src, int srcOffset, int length) {
        int offset = arena.reserve(length);
        if (offset < 0) {
            throw new IllegalStateException("arena of source " + arena.sourceId() + " is full");
        }
        System.arraycopy(src, srcOffset, arena.bytes(), offset, length);
        String bad = fragment.wrap(arena.bytes(), offset, length).validate();
        if (bad != null) {
            return bad;
        }
        e.setFragment(arena.sourceId(), fragment, offset, length);
        reconstruction.reconstruct(arena.sourceId(), fragment, e);
        e.arenaOrdinal = arena.commit(length);
        return null;
    }
}

package na64.daq.ingest;

import java.util.zip.CRC32C;

import na64.daq.pipeline.FragmentArena;
import na64.daq.pipeline.FragmentReconstruction;
import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FragmentFlyweight;

/**
 * The ingest side of a FRAGMENT: once its payload has been copied into the source's
 * {@link FragmentArena}, checks it there (CRC-32C, then the payload's own shape and the board's
 * channel count) and reconstructs its energies (spec §7) while the bytes are still in cache, then
 * fills the ring entry with the header fields and energies and takes the arena space. Nothing reads
 * a field of a payload that has not passed these checks. One instance per ingest thread (the
 * reconstructor's unmapped-channel counters have a single writer); allocates nothing.
 */
public final class FragmentIntake {
    private final FragmentReconstruction reconstruction;
    private final FragmentFlyweight fragment = new FragmentFlyweight();
    private final CRC32C crc = new CRC32C();

    public FragmentIntake(FragmentReconstruction reconstruction) {
        this.reconstruction = reconstruction;
    }

    /** True when {@code b[offset, +length)} has CRC-32C {@code expected}. */
    public boolean crcMatches(byte[] b, int offset, int length, int expected) {
        crc.reset();
        crc.update(b, offset, length);
        return (int) crc.getValue() == expected;
    }

    /**
     * Checks the fragment at {@code b[offset, +length)}; returns {@code null} when it is well-formed
     * and has at most {@code channelLimit} channels, else why not. Allocates only for a bad one.
     */
    public String validate(byte[] b, int offset, int length, int channelLimit) {
        String bad = fragment.wrap(b, offset, length).validate();
        if (bad == null && fragment.channelCount() > channelLimit) {
            bad = "fragment with " + fragment.channelCount() + " channels from a board of " + channelLimit;
        }
        return bad;
    }

    /**
     * The whole intake of one fragment held in a byte array (benchmarks, tests, offline drivers):
     * copy into {@code arena}, check, fill {@code e}. Returns {@code null}, or why the payload was
     * refused (nothing taken then). Throws when the arena is full: such callers release as they go.
     */
    public String intake(IngestEntry e, FragmentArena arena, byte[] src, int srcOffset, int length) {
        int offset = arena.reserve(length);
        if (offset < 0) {
            throw new IllegalStateException("arena of source " + arena.sourceId() + " is full");
        }
        System.arraycopy(src, srcOffset, arena.bytes(), offset, length);
        String bad = validate(arena.bytes(), offset, length, Integer.MAX_VALUE);
        if (bad == null) {
            fill(e, arena, offset, length);
        }
        return bad;
    }

    /** The fragment {@link #validate} accepted last, wrapped over its arena copy. */
    public FragmentFlyweight fragment() {
        return fragment;
    }

    /**
     * Fills {@code e} from the fragment {@link #validate} accepted last, reconstructs it and commits
     * its arena space. The caller sets the times and publishes.
     */
    public void fill(IngestEntry e, FragmentArena arena, int offset, int length) {
        e.setFragment(arena.sourceId(), fragment, offset, length);
        reconstruction.reconstruct(arena.sourceId(), fragment, e);
        e.arenaOrdinal = arena.commit(length);
    }
}

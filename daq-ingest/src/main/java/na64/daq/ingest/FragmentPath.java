package na64.daq.ingest;

import io.netty.buffer.ByteBuf;

import na64.daq.pipeline.FragmentArena;
import na64.daq.ingest.FragmentIntake;
import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FragmentFlyweight;

/**
 * The hot path of a FRAGMENT on the ingest thread: its payload copied once, from the socket buffer
 * into the source's arena; checked there (CRC-32C, shape, channel count) before any of its fields
 * is read; held back when its source is too far ahead (event window); reconstructed there while in
 * cache; then published as header fields and energies. A full arena, window or ring leaves the
 * frame for a retry ({@link #NO_CAPACITY}); a refused one takes no arena space. One instance per
 * ingest thread, shared by its connections; allocates nothing.
 */
final class FragmentPath {
    static final int PUBLISHED = 0;
    static final int NO_CAPACITY = 1;
    static final int BAD_CRC = 2;
    static final int MALFORMED = 3;
    /** No run is being taken: the fragment was counted and is not built (see {@link OutsideRun}). */
    static final int OUTSIDE_RUN = 4;

    private final FragmentIntake intake;
    private final RingPublisher publisher;
    private final EventWindow window;
    private final IngestCounters counters;
    /** Run control's gate; the session also asks it before publishing a spill marker. */
    final OutsideRun outsideRun;
    /** Why the last {@link #MALFORMED} fragment was refused. */
    String malformedReason;

    FragmentPath(FragmentIntake intake, RingPublisher publisher, EventWindow window, IngestCounters counters,
                 OutsideRun outsideRun) {
        this.outsideRun = outsideRun;
        this.intake = intake;
        this.publisher = publisher;
        this.window = window;
        this.counters = counters;
    }

    /** Takes the FRAGMENT payload at {@code buf[payload, +length)} of {@code sourceId}; returns one of the outcomes above. */
    int publish(int sourceId, FragmentArena arena, int channelLimit, ByteBuf buf, int payload, int length, int crc, long now) {
        if (outsideRun.fragment(sourceId)) {
            return OUTSIDE_RUN;
        }
        int offset = arena.reserve(length);
        if (offset < 0) {
            counters.arenaFull[counters.indexOf(sourceId)].increment();
            return NO_CAPACITY;
        }
        byte[] bytes = arena.bytes();
        buf.getBytes(payload, bytes, offset, length);
        if (!intake.crcMatches(bytes, offset, length, crc)) {
            return BAD_CRC;
        }
        String bad = intake.validate(bytes, offset, length, channelLimit);
        if (bad != null) {
            malformedReason = bad;
            return MALFORMED;
        }
        FragmentFlyweight f = intake.fragment();
        long run = f.run();
        long spill = f.spill();
        long event = f.event();
        if (window.mustWait(sourceId, run, spill, event, now)) {
            return NO_CAPACITY;
        }
        long seq = publisher.claim();
        if (seq < 0) {
            return NO_CAPACITY;
        }
        IngestEntry e = publisher.entry(seq);
        intake.fill(e, arena, offset, length);
        e.receivedNanos = publisher.pipelineTime(now);
        e.readNanos = now;
        publisher.claimed(seq);
        window.fragment(sourceId, run, spill, event, now);
        return PUBLISHED;
    }
}

package na64.daq.emulator;

import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.LittleEndian;

import java.util.List;
import java.util.zip.CRC32C;

/**
 * Builds the events of one generated spill offline, the way the service would see them over
 * clean connections: per source, fragments arrive in event order; a frame with a bad CRC is
 * dropped, a second copy of a key is a duplicate and ignored, a missing fragment leaves the
 * event incomplete. Used by the acceptance study and the tests to run the service's own
 * reconstruction and selection on emulator output without a network. Allocation-free per event.
 */
public final class OfflineEventBuilder {
    private final CRC32C crc = new CRC32C();
    private final FrameHeader header = new FrameHeader();
    private final FragmentFlyweight[] fragments;
    private final FragmentFlyweight probe = new FragmentFlyweight();
    private final int[] cursor;
    private final boolean[] present;
    private SourceFrames[] frames = new SourceFrames[0];

    /** Sized for up to {@code maxSources} sources per spill. */
    public OfflineEventBuilder(int maxSources) {
        fragments = new FragmentFlyweight[maxSources];
        for (int i = 0; i < maxSources; i++) {
            fragments[i] = new FragmentFlyweight();
        }
        cursor = new int[maxSources];
        present = new boolean[maxSources];
    }

    /** For the five sources of the reference setup. */
    public OfflineEventBuilder() {
        this(ReferenceSetup.SOURCE_IDS.length);
    }

    /**
     * Visits every event 1..triggers of {@code spill}. The first source is the trigger unit (the
     * authority on trigger type and time, spec §4).
     */
    public void build(SpillData spill, EventVisitor visitor) {
        List<SourceFrames> sources = spill.sources();
        frames = sources.toArray(frames);
        int n = sources.size();
        if (n > fragments.length) {
            throw new IllegalArgumentException(n + " sources, built for " + fragments.length);
        }
        for (int i = 0; i < n; i++) {
            cursor[i] = 0;
        }
        long triggers = spill.triggers();
        for (long event = 1; event <= triggers; event++) {
            int found = 0;
            for (int i = 0; i < n; i++) {
                present[i] = advanceTo(i, event);
                if (present[i]) {
                    found++;
                }
            }
            int authority = -1;
            for (int i = 0; i < n && authority < 0; i++) {
                if (present[i]) {
                    authority = i;
                }
            }
            long time = authority >= 0 ? fragments[authority].triggerTime() : spill.truth().triggerTimeNs(event);
            int type = authority >= 0 ? fragments[authority].triggerType() : spill.truth().triggerType(event);
            boolean misaligned = false;
            visitor.beginEvent(event, type, time);
            for (int i = 0; i < n; i++) {
                if (present[i]) {
                    FragmentFlyweight f = fragments[i];
                    misaligned |= f.triggerTime() != time || f.triggerType() != type;
                    visitor.fragment(frames[i].sourceId(), f);
                }
            }
            visitor.endEvent(event, found == n, misaligned);
        }
    }

    /**
     * Moves source {@code i}'s cursor past everything before {@code event} (control frames,
     * corrupt frames, duplicates) and wraps its fragment of {@code event} if that comes next.
     */
    private boolean advanceTo(int i, long event) {
        SourceFrames f = frames[i];
        while (cursor[i] < f.frameCount()) {
            int k = cursor[i];
            byte[] b = f.data();
            int off = f.frameOffset(k);
            header.wrap(b, off);
            int payload = (int) header.payloadLength();
            if (header.type() != FrameHeader.TYPE_FRAGMENT || !crcOk(b, off, payload)) {
                cursor[i]++;
                continue;
            }
            probe.wrap(b, off + FrameHeader.LENGTH, payload);
            if (probe.validate() != null || probe.event() < event) {
                cursor[i]++;
                continue;
            }
            if (probe.event() > event) {
                return false;
            }
            fragments[i].wrap(b, off + FrameHeader.LENGTH, payload);
            cursor[i]++;
            return true;
        }
        return false;
    }

    private boolean crcOk(byte[] b, int frameOffset, int payload) {
        crc.reset();
        crc.update(b, frameOffset + FrameHeader.LENGTH, payload);
        return (int) crc.getValue() == LittleEndian.i32(b, frameOffset + FrameHeader.CRC_OFFSET);
    }
}

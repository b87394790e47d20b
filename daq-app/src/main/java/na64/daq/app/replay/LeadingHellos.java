package na64.daq.app.replay;

import java.util.Arrays;
import java.util.BitSet;

import na64.daq.protocol.FrameHeader;

/**
 * The HELLOs a recorder file begins with, so that it replays on its own (one per source, before any
 * other record), and the rule that lets a run of such files replay as one stream: a leading HELLO
 * that is byte for byte the HELLO its source last sent is the file's copy of it, not a reconnect,
 * and is not sent again. Every other HELLO after a source's first frame is a reconnect. Fed every
 * record of a file in order (all sources), from a {@code RawFileReader.Wanted}; one per reading thread.
 */
final class LeadingHellos {
    private final BitSet seen = new BitSet();
    private boolean leading;
    private boolean current;

    /** A new file begins. */
    void startFile() {
        seen.clear();
        leading = true;
    }

    /** Notes the next record of the file (before its payload is read); true when it is one of the leading HELLOs. */
    boolean next(int sourceId, int type) {
        current = leading && type == FrameHeader.TYPE_HELLO && !seen.get(sourceId);
        if (current) {
            seen.set(sourceId);
        } else {
            leading = false;
        }
        return current;
    }

    /**
     * Whether the record just read, a HELLO ({@code frame}, {@code length} bytes), only repeats
     * {@code lastHello}, its source's HELLO sent before (null: none yet).
     */
    boolean repeats(byte[] frame, int length, byte[] lastHello) {
        return current && lastHello != null && Arrays.equals(frame, 0, length, lastHello, 0, lastHello.length);
    }
}

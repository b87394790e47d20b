package na64.daq.app.reliability;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.zip.CRC32C;

import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.ProtocolError;

/**
 * The fuzz oracle for one connection: what the service must do with the exact bytes a client sent,
 * written from the spec (§1–§5) and the decisions in docs/architecture.md, independently of the
 * production decoder. It cuts the byte stream into frames as §2 says (header checked before the
 * payload is waited for), applies the connection rules (HELLO first, configured id, one live
 * connection per id, same id on every frame), the frame rules (type, CRC-32C, payload shape), and
 * records what it predicts: the protocol errors with the source they are counted under, the frames
 * and FRAGMENT frames received (and refused), whether the service closes, and every well-formed frame
 * the builder will get. The checks run in the order the architecture decisions list them:
 * framing (magic, version, length cap) → first frame must be HELLO → source id → type → CRC → payload.
 */
final class WireModel {
    /** A protocol error predicted, with the source id it is counted under (0 = unattributed). */
    record Error(int sourceId, ProtocolError reason) {
    }

    /** A well-formed frame handed to the event builder. */
    record Delivered(int sourceId, int type, byte[] payload) {
    }

    /** Predicted counts of one connection, under the source id they are attributed to (0 before HELLO). */
    static final class Counts {
        final List<Error> errors = new ArrayList<>();
        final List<Delivered> delivered = new ArrayList<>();
        /** Indexed by source id: 0 unattributed. */
        final long[] frames = new long[65536];
        final long[] fragmentFrames = new long[65536];
        final long[] fragmentFramesRefused = new long[65536];
        long heartbeats;
    }

    private final Set<Integer> live;
    private final IntUnaryOperator channelLimit;
    private final Counts counts;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final CRC32C crc = new CRC32C();
    private int sourceId;
    private boolean closed;
    private boolean refused;

    /**
     * @param live         ids with a live connection now (this model adds its id on HELLO and removes it on close)
     * @param channelLimit configured channel count of a source id, -1 if the id is not configured
     * @param counts       where the predictions go
     */
    WireModel(Set<Integer> live, IntUnaryOperator channelLimit, Counts counts) {
        this.live = live;
        this.channelLimit = channelLimit;
        this.counts = counts;
    }

    /** The service closed this connection (a fatal error). */
    boolean closed() {
        return closed;
    }

    /** The last protocol error this connection got, or null (for failure messages). */
    Error lastError() {
        for (int i = counts.errors.size() - 1; i >= 0; i--) {
            return counts.errors.get(i);
        }
        return null;
    }

    /** Source id of a successful HELLO, 0 before. */
    int sourceId() {
        return sourceId;
    }

    /** Bytes of an unfinished frame the service holds. */
    int pendingBytes() {
        return pending.size();
    }

    /** The client sent {@code data}. */
    void feed(byte[] data) {
        feed(data, 0, data.length);
    }

    void feed(byte[] data, int off, int len) {
        if (closed) {
            return;
        }
        pending.write(data, off, len);
        byte[] b = pending.toByteArray();
        int r = 0;
        while (!closed && b.length - r >= FrameHeader.LENGTH) {
            if (u32(b, r) != (FrameHeader.MAGIC & 0xFFFFFFFFL)) {
                fatal(ProtocolError.BAD_MAGIC);
                break;
            }
            if ((b[r + 4] & 0xFF) != FrameHeader.VERSION) {
                fatal(ProtocolError.BAD_VERSION);
                break;
            }
            long length = u32(b, r + 8);
            if (length > FrameHeader.MAX_PAYLOAD) {
                fatal(ProtocolError.BAD_LENGTH);
                break;
            }
            if (b.length - r < FrameHeader.LENGTH + length) {
                break;
            }
            frame(b, r, (int) length);
            r += FrameHeader.LENGTH + (int) length;
        }
        pending.reset();
        if (!closed) {
            pending.write(b, r, b.length - r);
        }
    }

    /** The client closed the connection: a frame cut short is TRUNCATED_FRAME. */
    void clientClosed() {
        if (!closed && pending.size() > 0) {
            error(ProtocolError.TRUNCATED_FRAME);
        }
        close();
    }

    private void frame(byte[] b, int r, int length) {
        refused = false;
        int type = b[r + 5] & 0xFF;
        int src = u16(b, r + 6);
        int frameCrc = (int) u32(b, r + 12);
        int p = r + FrameHeader.LENGTH;
        if (sourceId == 0) {
            firstFrame(b, type, src, p, length, frameCrc);
        } else {
            laterFrame(b, type, src, p, length, frameCrc);
        }
        int at = sourceId;
        counts.frames[at]++;
        if (type == FrameHeader.TYPE_FRAGMENT) {
            counts.fragmentFrames[at]++;
            if (refused) {
                counts.fragmentFramesRefused[at]++;
            }
        }
    }

    private void firstFrame(byte[] b, int type, int src, int p, int length, int frameCrc) {
        if (type != FrameHeader.TYPE_HELLO) {
            fatal(ProtocolError.NO_HELLO);
            return;
        }
        if (crcOf(b, p, length) != frameCrc) {
            error(ProtocolError.BAD_CRC);
            return;
        }
        // HELLO: u16 board kind (1 or 2), u16 channels, u16 name length L, L bytes of name.
        if (length < 6 || 6 + u16(b, p + 4) != length || (u16(b, p) != 1 && u16(b, p) != 2)) {
            fatal(ProtocolError.MALFORMED_PAYLOAD);
            return;
        }
        if (channelLimit.applyAsInt(src) < 0) {
            fatal(ProtocolError.UNKNOWN_SOURCE);
            return;
        }
        if (live.contains(src)) {
            fatal(ProtocolError.SOURCE_ALREADY_CONNECTED);
            return;
        }
        sourceId = src;
        live.add(src);
    }

    private void laterFrame(byte[] b, int type, int src, int p, int length, int frameCrc) {
        if (src != sourceId) {
            error(ProtocolError.SOURCE_MISMATCH);
            return;
        }
        switch (type) {
            case FrameHeader.TYPE_FRAGMENT, FrameHeader.TYPE_BEGIN_OF_SPILL, FrameHeader.TYPE_END_OF_SPILL -> { }
            case FrameHeader.TYPE_HEARTBEAT -> {
                if (length != 0) {
                    error(ProtocolError.MALFORMED_PAYLOAD);
                } else if (frameCrc != 0) {
                    error(ProtocolError.BAD_CRC);
                } else {
                    counts.heartbeats++;
                }
                return;
            }
            case FrameHeader.TYPE_HELLO -> {
                error(ProtocolError.REPEATED_HELLO);
                return;
            }
            default -> {
                error(ProtocolError.BAD_TYPE);
                return;
            }
        }
        if (crcOf(b, p, length) != frameCrc) {
            error(ProtocolError.BAD_CRC);
            return;
        }
        boolean wellFormed = switch (type) {
            case FrameHeader.TYPE_FRAGMENT -> fragmentWellFormed(b, p, length);
            case FrameHeader.TYPE_BEGIN_OF_SPILL -> length == 16;   // u32 run, u32 spill, u64 wall clock
            default -> length >= 16 && length == 16 + 16 * u16(b, p + 12); // END_OF_SPILL with K scalers
        };
        if (!wellFormed) {
            error(ProtocolError.MALFORMED_PAYLOAD);
            return;
        }
        byte[] payload = new byte[length];
        System.arraycopy(b, p, payload, 0, length);
        counts.delivered.add(new Delivered(sourceId, type, payload));
    }

    /** Spec §4, plus the decision that a fragment may not carry more channels than its source has. */
    private boolean fragmentWellFormed(byte[] b, int p, int length) {
        if (length < 32) {
            return false;
        }
        int encoding = b[p + 26] & 0xFF;
        int samples = b[p + 27] & 0xFF;
        int channels = u16(b, p + 28);
        int record;
        if (encoding == 0) {
            if (samples > 64 || (samples < 1 && channels > 0)) {
                return false;
            }
            record = 2 + 2 * samples;
        } else if (encoding == 1) {
            if (samples != 0) {
                return false;
            }
            record = 6;
        } else {
            return false;
        }
        if (u32(b, p + 8) == 0) {
            return false; // events count from 1
        }
        return 32L + (long) channels * record == length && channels <= channelLimit.applyAsInt(sourceId);
    }

    private void error(ProtocolError e) {
        refused = true;
        counts.errors.add(new Error(sourceId, e));
    }

    private void fatal(ProtocolError e) {
        error(e);
        close();
    }

    private void close() {
        if (!closed) {
            closed = true;
            pending.reset();
            if (sourceId != 0) {
                live.remove(sourceId);
            }
        }
    }

    private int crcOf(byte[] b, int p, int length) {
        crc.reset();
        crc.update(b, p, length);
        return (int) crc.getValue();
    }

    static long u32(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }
}

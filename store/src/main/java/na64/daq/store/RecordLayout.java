package na64.daq.store;

import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.EventView;
import na64.daq.pipeline.SpillSummary;

import java.nio.BufferUnderflowException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The codec of store records: writes an {@link EventView} or a {@link SpillSummary} into one
 * Chronicle document and reads any record back (run and configuration records through
 * {@link RunRecordLayout}). The byte layouts are drawn in the Javadoc of
 * {@link EventStore} (and the module README); this class is their only implementation, so a change
 * here needs a new {@link #VERSION} and a matching table update.
 *
 * <p>Writing allocates nothing: values go straight into the document's {@link Bytes} in native
 * (little-endian, see {@link EventStore}) order. Reading allocates the returned records.
 */
final class RecordLayout {
    /** Record kind byte of an event. */
    static final int KIND_EVENT = 1;
    /** Record kind byte of a spill summary. */
    static final int KIND_SPILL = 2;
    /** Layout version written by this code; readers refuse any other. */
    static final int VERSION = 1;
    /** Fixed part of an event record, before the missing sources and fragments. */
    static final int EVENT_HEADER = 76;
    /** Fixed part of a spill record, before the per-source entries. */
    static final int SPILL_HEADER = 144;
    /** Hash length that encodes a null config hash. */
    static final int NULL_HASH = 0xFFFF;

    private static final int STATUS_COMPLETE = 1;
    private static final int STATUS_MISALIGNED = 2;
    private static final int SPILL_FROM_TRIGGER_UNIT = 1;

    private RecordLayout() {
    }

    /** Writes {@code e} as one event record. Throws IllegalArgumentException (before or mid-record) on out-of-range values. */
    static void writeEvent(Bytes<?> out, EventView e) {
        int streams = e.streams();
        int missing = e.missingCount();
        int fragments = e.fragmentCount();
        checkRange(streams, 0xFF, "streams bitmask");
        checkRange(missing, 0xFFFF, "missing source count");
        checkRange(fragments, 0xFFFF, "fragment count");
        out.writeUnsignedByte(KIND_EVENT);
        out.writeUnsignedByte(VERSION);
        out.writeUnsignedByte((e.complete() ? STATUS_COMPLETE : 0) | (e.misaligned() ? STATUS_MISALIGNED : 0));
        out.writeUnsignedByte(streams);
        out.writeInt(u32(e.run(), "run"));
        out.writeInt(u32(e.spill(), "spill"));
        out.writeInt(u32(e.event(), "event"));
        out.writeInt(e.flags());
        out.writeShort(u16(e.triggerType(), "trigger type"));
        out.writeShort((short) missing);
        out.writeLong(e.triggerTimeNs());
        out.writeDouble(e.ePs());
        out.writeDouble(e.eEcal());
        out.writeDouble(e.eHcal());
        out.writeDouble(e.eVeto());
        out.writeDouble(e.eSrd());
        out.writeShort((short) fragments);
        out.writeShort((short) 0);
        for (int i = 0; i < missing; i++) {
            out.writeShort(u16(e.missingSource(i), "missing source id"));
        }
        for (int i = 0; i < fragments; i++) {
            int length = e.fragmentLength(i);
            out.writeShort(u16(e.fragmentSource(i), "fragment source id"));
            out.writeShort((short) 0);
            out.writeInt(length);
            out.write(e.fragmentBuffer(i), e.fragmentOffset(i), length);
        }
    }

    /** Writes {@code s} as one spill record; {@code hashUtf8} is its config hash encoded, or null. */
    static void writeSpill(Bytes<?> out, SpillSummary s, byte[] hashUtf8) {
        if (s.accepted == null || s.accepted.length != SpillSummary.STREAMS) {
            throw new IllegalArgumentException("accepted must hold " + SpillSummary.STREAMS + " stream counts");
        }
        int perSource = s.missingPerSource.size();
        int notEnded = s.sourcesNotEnded.size();
        checkRange(perSource, 0xFFFF, "missing-per-source entries");
        checkRange(notEnded, 0xFFFF, "sources not ended");
        if (hashUtf8 != null && hashUtf8.length >= NULL_HASH) {
            throw new IllegalArgumentException("config hash longer than " + (NULL_HASH - 1) + " UTF-8 bytes");
        }
        out.writeUnsignedByte(KIND_SPILL);
        out.writeUnsignedByte(VERSION);
        out.writeUnsignedByte(s.closeReason.code());
        out.writeUnsignedByte(s.triggersFromTriggerUnit ? SPILL_FROM_TRIGGER_UNIT : 0);
        out.writeInt(u32(s.run, "run"));
        out.writeInt(u32(s.spill, "spill"));
        out.writeShort((short) perSource);
        out.writeShort((short) notEnded);
        out.writeLong(s.triggers);
        out.writeLong(s.complete);
        out.writeLong(s.incomplete);
        out.writeLong(s.duplicates);
        out.writeLong(s.late);
        out.writeLong(s.misaligned);
        out.writeLong(s.protocolErrors);
        out.writeLong(s.fragmentsReceived);
        for (int i = 0; i < SpillSummary.STREAMS; i++) {
            out.writeLong(s.accepted[i]);
        }
        out.writeLong(s.eot);
        out.writeLong(s.triggersScaler);
        out.writeLong(s.deadTimeNs);
        out.writeLong(s.beginWallClockNs);
        out.writeLong(s.closedWallClockNs);
        for (Map.Entry<Integer, Long> entry : s.missingPerSource.entrySet()) {
            out.writeShort(u16(entry.getKey(), "missing-per-source source id"));
            out.writeLong(entry.getValue());
        }
        for (Integer source : s.sourcesNotEnded) {
            out.writeShort(u16(source, "not-ended source id"));
        }
        if (hashUtf8 == null) {
            out.writeShort((short) NULL_HASH);
        } else {
            out.writeShort((short) hashUtf8.length);
            out.write(hashUtf8, 0, hashUtf8.length);
        }
    }

    /** Decodes the record in {@code in} (one whole document); {@code index} only names it in errors. */
    static StoredRecord read(Bytes<?> in, long index) {
        try {
            if (in.readRemaining() < 2) {
                throw bad(index, "record of " + in.readRemaining() + " bytes is too short");
            }
            int kind = in.readUnsignedByte();
            int version = in.readUnsignedByte();
            if (kind != KIND_EVENT && kind != KIND_SPILL && !RunRecordLayout.knows(kind)) {
                throw bad(index, "unknown record kind " + kind + ": not an NA64 event store record");
            }
            if (version != VERSION) {
                throw bad(index, "record layout version " + version + " is not supported (this reader knows "
                        + VERSION + ")");
            }
            StoredRecord record = kind == KIND_EVENT ? readEvent(in)
                    : kind == KIND_SPILL ? readSpill(in) : RunRecordLayout.read(kind, in);
            if (in.readRemaining() != 0) {
                throw bad(index, in.readRemaining() + " unexpected bytes after the record");
            }
            return record;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new StoreFormatException("store record at index 0x" + Long.toHexString(index)
                    + " is damaged or truncated: " + e, e);
        }
    }

    private static StoredEvent readEvent(Bytes<?> in) {
        int status = in.readUnsignedByte();
        int streams = in.readUnsignedByte();
        long run = in.readUnsignedInt();
        long spill = in.readUnsignedInt();
        long event = in.readUnsignedInt();
        int flags = in.readInt();
        int triggerType = in.readUnsignedShort();
        int missing = in.readUnsignedShort();
        long triggerTime = in.readLong();
        double ePs = in.readDouble();
        double eEcal = in.readDouble();
        double eHcal = in.readDouble();
        double eVeto = in.readDouble();
        double eSrd = in.readDouble();
        int fragmentCount = in.readUnsignedShort();
        in.readSkip(2);
        int[] missingSources = new int[missing];
        for (int i = 0; i < missing; i++) {
            missingSources[i] = in.readUnsignedShort();
        }
        List<StoredEvent.Fragment> fragments = new ArrayList<>(fragmentCount);
        for (int i = 0; i < fragmentCount; i++) {
            int source = in.readUnsignedShort();
            in.readSkip(2);
            int length = in.readInt();
            if (length < 0 || length > in.readRemaining()) {
                throw new IllegalArgumentException("fragment length " + length + " exceeds the record");
            }
            byte[] payload = new byte[length];
            in.read(payload, 0, length);
            fragments.add(new StoredEvent.Fragment(source, payload));
        }
        return new StoredEvent(run, spill, event, triggerType, triggerTime, flags, streams,
                (status & STATUS_COMPLETE) != 0, (status & STATUS_MISALIGNED) != 0,
                ePs, eEcal, eHcal, eVeto, eSrd, missingSources, List.copyOf(fragments));
    }

    private static StoredSpill readSpill(Bytes<?> in) {
        SpillSummary s = new SpillSummary();
        s.closeReason = CloseReason.ofCode(in.readUnsignedByte());
        s.triggersFromTriggerUnit = (in.readUnsignedByte() & SPILL_FROM_TRIGGER_UNIT) != 0;
        s.run = in.readUnsignedInt();
        s.spill = in.readUnsignedInt();
        int perSource = in.readUnsignedShort();
        int notEnded = in.readUnsignedShort();
        s.triggers = in.readLong();
        s.complete = in.readLong();
        s.incomplete = in.readLong();
        s.duplicates = in.readLong();
        s.late = in.readLong();
        s.misaligned = in.readLong();
        s.protocolErrors = in.readLong();
        s.fragmentsReceived = in.readLong();
        for (int i = 0; i < SpillSummary.STREAMS; i++) {
            s.accepted[i] = in.readLong();
        }
        s.eot = in.readLong();
        s.triggersScaler = in.readLong();
        s.deadTimeNs = in.readLong();
        s.beginWallClockNs = in.readLong();
        s.closedWallClockNs = in.readLong();
        Map<Integer, Long> missing = new LinkedHashMap<>();
        for (int i = 0; i < perSource; i++) {
            int source = in.readUnsignedShort();
            missing.put(source, in.readLong());
        }
        s.missingPerSource = missing;
        List<Integer> sources = new ArrayList<>(notEnded);
        for (int i = 0; i < notEnded; i++) {
            sources.add(in.readUnsignedShort());
        }
        s.sourcesNotEnded = sources;
        int hashLength = in.readUnsignedShort();
        if (hashLength != NULL_HASH) {
            if (hashLength > in.readRemaining()) {
                throw new IllegalArgumentException("config hash length " + hashLength + " exceeds the record");
            }
            byte[] hash = new byte[hashLength];
            in.read(hash, 0, hashLength);
            s.configHash = new String(hash, java.nio.charset.StandardCharsets.UTF_8);
        }
        return new StoredSpill(s);
    }

    private static void checkRange(int value, int max, String what) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " " + value + " outside 0.." + max);
        }
    }

    private static int u32(long value, String what) {
        if ((value >>> 32) != 0) {
            throw new IllegalArgumentException(what + " " + value + " does not fit in u32");
        }
        return (int) value;
    }

    private static short u16(int value, String what) {
        checkRange(value, 0xFFFF, what);
        return (short) value;
    }

    private static StoreFormatException bad(long index, String reason) {
        return new StoreFormatException("store record at index 0x" + Long.toHexString(index) + ": " + reason);
    }
}

package na64.daq.store;

import java.nio.charset.StandardCharsets;

import net.openhft.chronicle.bytes.Bytes;

/**
 * The codec of the run-control records: the run record (kind 3) and the configuration record
 * (kind 4), layout version 1, drawn byte by byte in the {@linkplain na64.daq.store package
 * documentation} and store/README.md. Written a few times per run, so they may allocate. Strings
 * are UTF-8 with a length in front; a hash length of 0xFFFF is a null hash.
 */
final class RunRecordLayout {
    /** Record kind byte of a begin- or end-of-run record. */
    static final int KIND_RUN = 3;
    /** Record kind byte of a configuration record. */
    static final int KIND_CONFIG = 4;
    /** On-disk run number when none was given. */
    static final long NO_RUN_U32 = 0xFFFF_FFFFL;
    private static final int NULL_STRING = 0xFFFF;

    private RunRecordLayout() {
    }

    static boolean knows(int kind) {
        return kind == KIND_RUN || kind == KIND_CONFIG;
    }

    static void writeRun(Bytes<?> out, StoredRun r) {
        if (r.run() != StoredRun.NO_RUN && (r.run() < 0 || r.run() >= NO_RUN_U32)) {
            throw new IllegalArgumentException("run number " + r.run() + " outside 0.." + (NO_RUN_U32 - 1));
        }
        out.writeUnsignedByte(KIND_RUN);
        out.writeUnsignedByte(RecordLayout.VERSION);
        out.writeUnsignedByte(r.phase() == StoredRun.Phase.BEGIN ? 0 : 1);
        out.writeUnsignedByte(0);
        out.writeInt((int) (r.run() == StoredRun.NO_RUN ? NO_RUN_U32 : r.run()));
        out.writeLong(r.wallClockNs());
        out.writeLong(r.spills());
        out.writeLong(r.otherRunBegins());
        writeString(out, r.configHash());
        writeString(out, r.requestedBy());
        writeString(out, r.detail());
    }

    static void writeConfig(Bytes<?> out, StoredConfig c) {
        byte[] hash = utf8(c.hash(), "config hash");
        byte[] yaml = c.yaml().getBytes(StandardCharsets.UTF_8);
        out.writeUnsignedByte(KIND_CONFIG);
        out.writeUnsignedByte(RecordLayout.VERSION);
        out.writeShort((short) hash.length);
        out.writeInt(yaml.length);
        out.writeLong(c.wallClockNs());
        out.write(hash);
        out.write(yaml);
    }

    /** Reads the rest of a record of {@code kind} whose kind and version bytes were read. */
    static StoredRecord read(int kind, Bytes<?> in) {
        if (kind == KIND_CONFIG) {
            int hashLength = in.readUnsignedShort();
            long yamlLength = in.readUnsignedInt();
            long wallClock = in.readLong();
            String hash = readBytes(in, hashLength, "config hash");
            if (yamlLength > in.readRemaining()) {
                throw new IllegalArgumentException("configuration length " + yamlLength + " exceeds the record");
            }
            return new StoredConfig(hash, wallClock, readBytes(in, (int) yamlLength, "configuration"));
        }
        int phase = in.readUnsignedByte();
        if (phase > 1) {
            throw new IllegalArgumentException("unknown run record phase " + phase);
        }
        in.readSkip(1);
        long run = in.readUnsignedInt();
        long wallClock = in.readLong();
        long spills = in.readLong();
        long otherRuns = in.readLong();
        String hash = readString(in, "config hash");
        String requestedBy = readString(in, "requester");
        String detail = readString(in, "detail");
        return new StoredRun(phase == 0 ? StoredRun.Phase.BEGIN : StoredRun.Phase.END,
                run == NO_RUN_U32 ? StoredRun.NO_RUN : run, wallClock, requestedBy, detail, hash, spills, otherRuns);
    }

    private static void writeString(Bytes<?> out, String s) {
        if (s == null) {
            out.writeShort((short) NULL_STRING);
            return;
        }
        byte[] b = utf8(s, "string");
        out.writeShort((short) b.length);
        out.write(b);
    }

    private static byte[] utf8(String s, String what) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length >= NULL_STRING) {
            throw new IllegalArgumentException(what + " longer than " + (NULL_STRING - 1) + " UTF-8 bytes");
        }
        return b;
    }

    private static String readString(Bytes<?> in, String what) {
        int n = in.readUnsignedShort();
        return n == NULL_STRING ? null : readBytes(in, n, what);
    }

    private static String readBytes(Bytes<?> in, int n, String what) {
        if (n > in.readRemaining()) {
            throw new IllegalArgumentException(what + " length " + n + " exceeds the record");
        }
        byte[] b = new byte[n];
        in.read(b, 0, n);
        return new String(b, StandardCharsets.UTF_8);
    }
}

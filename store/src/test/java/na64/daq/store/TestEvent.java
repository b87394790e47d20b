package na64.daq.store;

import na64.daq.pipeline.EventView;

import java.util.Arrays;
import java.util.Random;

/** A mutable {@link EventView} for tests, with fragments at non-zero offsets of larger buffers. */
final class TestEvent implements EventView {
    long run;
    long spill;
    long event;
    int triggerType;
    long triggerTimeNs;
    int flags;
    int streams;
    boolean complete = true;
    boolean misaligned;
    double ePs;
    double eEcal;
    double eHcal;
    double eVeto;
    double eSrd;
    int[] missing = new int[0];
    int[] sources = new int[0];
    byte[][] buffers = new byte[0][];
    int[] offsets = new int[0];
    int[] lengths = new int[0];

    /** Sets {@code count} fragments of random lengths up to {@code maxLength}, each framed by junk bytes. */
    TestEvent fragments(Random rnd, int count, int maxLength) {
        sources = new int[count];
        buffers = new byte[count][];
        offsets = new int[count];
        lengths = new int[count];
        for (int i = 0; i < count; i++) {
            sources[i] = 1 + rnd.nextInt(65534);
            lengths[i] = rnd.nextInt(maxLength + 1);
            offsets[i] = rnd.nextInt(16);
            buffers[i] = new byte[offsets[i] + lengths[i] + rnd.nextInt(16)];
            rnd.nextBytes(buffers[i]);
        }
        return this;
    }

    /** The payload of fragment {@code i} as the store must keep it. */
    byte[] payload(int i) {
        return Arrays.copyOfRange(buffers[i], offsets[i], offsets[i] + lengths[i]);
    }

    /** Bytes the event record must take: fixed header, missing ids, fragment entries. */
    long recordLength() {
        long n = RecordLayout.EVENT_HEADER + 2L * missing.length;
        for (int length : lengths) {
            n += 8 + length;
        }
        return n;
    }

    static TestEvent random(Random rnd, long run, long spill, long event) {
        TestEvent e = new TestEvent();
        e.run = run;
        e.spill = spill;
        e.event = event;
        e.triggerType = rnd.nextInt(0x10000);
        e.triggerTimeNs = rnd.nextLong();
        e.flags = rnd.nextInt();
        e.streams = rnd.nextInt(8);
        e.complete = rnd.nextBoolean();
        e.misaligned = rnd.nextBoolean();
        e.ePs = rnd.nextDouble() * 1e3;
        e.eEcal = rnd.nextGaussian() * 1e5;
        e.eHcal = rnd.nextDouble();
        e.eVeto = -rnd.nextDouble();
        e.eSrd = rnd.nextDouble() * 120;
        e.missing = e.complete ? new int[0] : new int[] {1 + rnd.nextInt(65534), 65534};
        return e.fragments(rnd, 1 + rnd.nextInt(5), 300);
    }

    @Override public long run() { return run; }
    @Override public long spill() { return spill; }
    @Override public long event() { return event; }
    @Override public int triggerType() { return triggerType; }
    @Override public long triggerTimeNs() { return triggerTimeNs; }
    @Override public int flags() { return flags; }
    @Override public int streams() { return streams; }
    @Override public boolean complete() { return complete; }
    @Override public boolean misaligned() { return misaligned; }
    @Override public double ePs() { return ePs; }
    @Override public double eEcal() { return eEcal; }
    @Override public double eHcal() { return eHcal; }
    @Override public double eVeto() { return eVeto; }
    @Override public double eSrd() { return eSrd; }
    @Override public int missingCount() { return missing.length; }
    @Override public int missingSource(int i) { return missing[i]; }
    @Override public int fragmentCount() { return sources.length; }
    @Override public int fragmentSource(int i) { return sources[i]; }
    @Override public byte[] fragmentBuffer(int i) { return buffers[i]; }
    @Override public int fragmentOffset(int i) { return offsets[i]; }
    @Override public int fragmentLength(int i) { return lengths[i]; }
}

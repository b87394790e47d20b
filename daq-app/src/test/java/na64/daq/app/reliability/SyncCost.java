package na64.daq.app.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import na64.daq.store.EventStore;
import na64.daq.pipeline.EventView;
import na64.daq.pipeline.SpillSummary;

/**
 * What {@code store.syncAtSpillEnd} costs, measured on the real {@link EventStore}: spills of
 * {@code EVENTS} stored events of {@code BYTES} fragment bytes each, then the spill record, with and
 * without the sync; prints the time of the spill-record append (where the msync happens) and the
 * event throughput. Not a test: a main run from the test classpath, see docs/reliability.md.
 *
 * <pre>  SyncCost [EVENTS_PER_SPILL=2000] [SPILLS=40] [FRAGMENT_BYTES=2400] [DIR=/tmp]</pre>
 */
public final class SyncCost {
    private SyncCost() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int spills = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int bytes = args.length > 2 ? Integer.parseInt(args[2]) : 2400;
        Path base = args.length > 3 ? Path.of(args[3]) : Path.of(System.getProperty("java.io.tmpdir"));
        for (boolean sync : new boolean[] {false, true, false, true}) { // twice each: the first pair warms up
            Path dir = Files.createTempDirectory(base, "sync-cost-");
            long[] spillNanos = new long[spills];
            long eventNanos = 0;
            try (EventStore store = EventStore.open(dir, sync)) {
                Event e = new Event(bytes);
                SpillSummary s = new SpillSummary();
                s.configHash = "0123456789abcdef";
                for (int k = 0; k < spills; k++) {
                    long t0 = System.nanoTime();
                    for (int i = 1; i <= events; i++) {
                        e.spill = k + 1;
                        e.event = i;
                        store.appendEvent(e);
                    }
                    long t1 = System.nanoTime();
                    s.spill = k + 1;
                    s.triggers = events;
                    store.appendSpill(s);
                    spillNanos[k] = System.nanoTime() - t1;
                    eventNanos += t1 - t0;
                }
            }
            Arrays.sort(spillNanos);
            System.out.printf(Locale.ROOT, "sync-cost: sync=%s events_per_spill=%d event_bytes=%d spills=%d spill_append_ms"
                            + " median=%.3f p90=%.3f max=%.3f events_per_s=%.0f%n", sync, events, 5 * bytes, spills,
                    spillNanos[spills / 2] / 1e6, spillNanos[spills * 9 / 10] / 1e6, spillNanos[spills - 1] / 1e6,
                    (double) events * spills / (eventNanos / 1e9));
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A complete event of five fragments of {@code bytes} each (an accepted WAVEFORM event is ~10 kB). */
    private static final class Event implements EventView {
        private final byte[] payload;
        long spill;
        long event;

        Event(int bytes) {
            payload = new byte[bytes];
            for (int i = 0; i < bytes; i++) {
                payload[i] = (byte) (i * 31);
            }
        }

        @Override public long run() { return 1; }
        @Override public long spill() { return spill; }
        @Override public long event() { return event; }
        @Override public int triggerType() { return 1; }
        @Override public long triggerTimeNs() { return event * 1000; }
        @Override public int flags() { return 0; }
        @Override public int streams() { return 1; }
        @Override public boolean complete() { return true; }
        @Override public boolean misaligned() { return false; }
        @Override public double ePs() { return 400; }
        @Override public double eEcal() { return 20_000; }
        @Override public double eHcal() { return 100; }
        @Override public double eVeto() { return 0.1; }
        @Override public double eSrd() { return 20; }
        @Override public int missingCount() { return 0; }
        @Override public int missingSource(int i) { throw new IndexOutOfBoundsException(i); }
        @Override public int fragmentCount() { return 5; }
        @Override public int fragmentSource(int i) { return i + 1; }
        @Override public byte[] fragmentBuffer(int i) { return payload; }
        @Override public int fragmentOffset(int i) { return 0; }
        @Override public int fragmentLength(int i) { return payload.length; }
    }
}

package na64.daq.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import na64.daq.builder.BuilderCounters;
import na64.daq.builder.EventBuilder;
import na64.daq.pipeline.BuiltEventSink;
import na64.daq.pipeline.FragmentArena;
import na64.daq.pipeline.IngestEntry;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.pipeline.NanoClock;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.emulator.Encoding;
import na64.daq.protocol.LittleEndian;
import na64.daq.pipeline.EventView;
import na64.daq.pipeline.SpillSummary;

/**
 * The builder thread's work per event: {@link EventBuilder#onEvent} over ring entries holding the
 * five fragments of each event of the reference load as ingest fills them (header fields and
 * energies already reconstructed as ingest does, the payload left in its arena): slot
 * lookup, energy sums, completeness, selection on release, accounting, arena release,
 * decision-latency histogram, with a sink that only counts, so the Chronicle store is not part of it.
 *
 * <p>One invocation is one whole spill: BEGIN_OF_SPILL of the five sources, {@value #EVENTS} events
 * in event-major order (the ingest event window keeps the sources within a few events of each other), END_OF_SPILL of the five
 * sources, which closes the spill. Before each invocation the spill number in every payload is
 * bumped, so every spill is new to the builder and its memory stays bounded (closed spills are
 * forgotten). {@code endOfBatch} is set every {@value #BATCH_ENTRIES} entries, as the Disruptor
 * would for a batch of that size. One operation is one event; per-spill work (opening, closing,
 * summary) is included and spread over the spill's events.
 */
@State(Scope.Thread)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=5"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BuilderStepBenchmark {
    /** Events per spill (per invocation). */
    static final int EVENTS = 2048;
    /** Ring entries per Disruptor batch: 64 events of 5 fragments. */
    static final int BATCH_ENTRIES = 320;
    private static final int SPILL_OFFSET = 4;

    @Param({"PEAK", "WAVEFORM"})
    public Encoding encoding;

    /**
     * {@code builder.maxInFlightEvents}: 8192 is the default configuration. Consecutive events use
     * consecutive slots, so each slot comes back only every this many events and is cold in the
     * cache by then; the small table shows what that costs.
     */
    @Param({"8192", "256"})
    public int inFlight;

    private ReferenceLoad load;
    private IngestEntry[] entries;
    private EventBuilder builder;
    private CountingSink sink;
    private long sequence;
    private long spill;
    private long invocations;
    /** The builder's arena of each entry's source (null for spill markers). */
    private FragmentArena[] entryArena;

    @Setup(Level.Trial)
    public void setUp() {
        load = ReferenceLoad.generate(encoding, EVENTS);
        System.out.println(load.describe());
        int n = load.sources();
        entries = new IngestEntry[n + EVENTS * n + n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            entries[k++] = entry(IngestEntry.BEGIN_OF_SPILL, load.sourceIds[i], load.beginPayloads[i]);
        }
        na64.daq.trigger.Reconstructor reconstructor = new na64.daq.trigger.Reconstructor(load.config);
        FragmentFlyweight fragment = new FragmentFlyweight();
        for (int f = 0; f < EVENTS * n; f++) {
            IngestEntry e = new IngestEntry();
            byte[] payload = load.payloads[f];
            // only the fields matter here: the builder's own arena is used below
            e.setFragment(load.sourceIds[f % n], fragment.wrap(payload, 0, payload.length), 0, payload.length);
            reconstructor.reconstruct(e.sourceId, fragment, e);
            entries[k++] = e;
        }
        for (int i = 0; i < n; i++) {
            entries[k++] = entry(IngestEntry.END_OF_SPILL, load.sourceIds[i], load.endPayloads[i]);
        }
        sink = new CountingSink();
        RunConfig config = ConfigLoader.parse("builder:\n  maxInFlightEvents: " + inFlight + "\n", "benchmark");
        builder = new EventBuilder(config, sink, NanoClock.SYSTEM, NanoClock.SYSTEM, () -> System.currentTimeMillis() * 1_000_000L,
                new na64.daq.pipeline.CounterRegistry(config));
        entryArena = new FragmentArena[entries.length];
        for (int j = 0; j < entries.length; j++) {
            if (entries[j].kind == IngestEntry.FRAGMENT) {
                entryArena[j] = builder.arenas().forSource(entries[j].sourceId);
            }
        }
        spill = 0;
    }

    private static IngestEntry entry(int kind, int sourceId, byte[] payload) {
        IngestEntry e = new IngestEntry();
        byte[] dst = e.ensureCapacity(payload.length);
        System.arraycopy(payload, 0, dst, 0, payload.length);
        e.kind = kind;
        e.sourceId = sourceId;
        e.length = payload.length;
        return e;
    }

    /** Makes the prepared entries the next, never-seen spill, received now. */
    @Setup(Level.Invocation)
    public void nextSpill() {
        spill++;
        long now = System.nanoTime();
        for (IngestEntry e : entries) {
            if (e.kind == IngestEntry.FRAGMENT) {
                e.spill = spill; // its arena place is taken in the measured loop, as ingest takes it
                e.readNanos = now;
            } else {
                // BEGIN/END_OF_SPILL payloads start with u32 run, u32 spill.
                LittleEndian.putU32(e.payload, SPILL_OFFSET, spill);
            }
            e.receivedNanos = now;
        }
    }

    /** One spill through the builder; reported per event. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long spill() {
        IngestEntry[] es = entries;
        EventBuilder b = builder;
        long seq = sequence;
        int last = es.length - 1;
        FragmentArena[] arenas = entryArena;
        for (int k = 0; k <= last; k++) {
            IngestEntry e = es[k];
            FragmentArena a = arenas[k];
            if (a != null) {
                // Ingest's bookkeeping for the copy it made (the copy and reconstruction are FrameDecodeBenchmark's).
                e.arenaOffset = a.reserve(e.length);
                e.arenaOrdinal = a.commit(e.length);
            }
            b.onEvent(e, seq++, k % BATCH_ENTRIES == BATCH_ENTRIES - 1 || k == last);
        }
        sequence = seq;
        invocations++;
        return sink.checksum;
    }

    /** Fails the run if the builder did anything but build every event complete and close every spill. */
    @TearDown(Level.Trial)
    public void check() {
        BuilderCounters c = builder.counters();
        long expected = invocations * EVENTS;
        if (c.completeEvents.get() != expected || c.incompleteEvents.get() != 0 || c.duplicates.get() != 0
                || c.evictedEvents.get() != 0 || c.lateFragments.get() != 0 || c.fragmentsAfterSpillClose.get() != 0
                || sink.spills != spill || sink.events != c.completeEvents.get()) {
            throw new IllegalStateException(String.format(
                    "builder did not build the load cleanly: complete=%d (%d expected) incomplete=%d duplicates=%d"
                            + " evicted=%d late=%d afterClose=%d spills=%d/%d",
                    c.completeEvents.get(), expected, c.incompleteEvents.get(), c.duplicates.get(),
                    c.evictedEvents.get(), c.lateFragments.get(), c.fragmentsAfterSpillClose.get(), sink.spills, spill));
        }
        System.out.printf("builder: %d events in %d spills, all complete; accepted share %.4f%n",
                sink.events, sink.spills, (double) sink.accepted / sink.events);
    }

    /** Counts what the builder releases instead of storing it, so the store is not measured. */
    static final class CountingSink implements BuiltEventSink {
        long events;
        long accepted;
        long spills;
        long checksum;

        @Override
        public void onEvent(EventView event) {
            events++;
            if (event.streams() != 0) {
                accepted++;
            }
            checksum += event.streams() + event.fragmentCount();
        }

        @Override
        public void onSpillClosed(SpillSummary summary) {
            spills++;
        }
    }
}

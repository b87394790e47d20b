package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.app.DaqService;
import na64.daq.builder.BuilderCounters;
import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.ingest.IngestCounters;
import na64.daq.protocol.ProtocolError;
import na64.daq.pipeline.SpillSummary;

/**
 * Issue 6, item 4: seeded mutation fuzzing of front-end frames through the real service (Netty
 * ingest decoder and sessions, Disruptor ring, event builder, trigger, Chronicle store) on loopback.
 * Bit flips, truncation, length lies, wrong types and source ids, random and randomly structured
 * payloads, garbage, valid frames out of order, repeated or stale, HELLOs and markers where they do
 * not belong, refused second connections, reconnects. An oracle written from the spec
 * ({@link WireModel}) predicts every protocol error, every frame count and every spill summary, and
 * the test requires them exactly; it also requires that no exception escaped, that memory stayed
 * bounded, that the accounting invariant holds, and that sources 1, 2, 4 and 5 lost nothing.
 *
 * <p>Default: 10⁴ cases (a few seconds). {@code -Dna64.fuzz.cases=1000000} (the {@code -Pfuzz}
 * profile of daq-app, or {@code scripts/fuzz.sh}) runs the long campaign; {@code -Dna64.fuzz.seed}
 * picks another seed.
 */
class FrameFuzzTest {
    private static final int CASES = Integer.getInteger("na64.fuzz.cases", 10_000);
    private static final long SEED = Long.getLong("na64.fuzz.seed", 20_260_601L);
    private static final int EVENTS_PER_SPILL = 2_000;
    /**
     * Timeouts long enough that completeness depends on the data alone; incomplete events not stored
     * (the campaign makes hundreds of thousands); HTTP endpoint on an ephemeral port, scraped by the
     * accounting check. A small ring and table: each ring entry and each event slot keeps the largest
     * payload it has carried (by design, so steady state allocates nothing), so the heap grows until
     * every entry has met a large fuzzed fragment and then stays flat; small tables reach that plateau
     * early in the campaign.
     */
    private static final RunConfig CONFIG = ConfigLoader.parse("""
            monitoring: {port: 0}
            builder: {buildTimeoutMs: 600000, spillTimeoutMs: 600000, ringSize: 1024, maxInFlightEvents: 1024}
            store: {storeIncomplete: false}
            """, "fuzz test overlay");
    /** Largest FRAGMENT payload source 3 may send: 36 channels of 64 samples (docs/architecture.md, memory bounds). */
    private static final long MAX_PAYLOAD = 32 + 36 * 130;

    @TempDir
    Path store;

    @Test
    void mutatedFramesAreCountedExactlyAsTheSpecSaysNothingEscapesAndOnlyTheFuzzedSourceLosesData() throws Exception {
        List<SpillSummary> closed = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        try (DaqService service = DaqService.start(CONFIG, store, "127.0.0.1", 0)) {
            service.onSpillClosed(closed::add);
            FuzzCampaign c = new FuzzCampaign(service, closed, SEED, EVENTS_PER_SPILL);
            c.run(CASES, 10);
            IngestCounters in = service.ingest().counters();
            int unattributed = in.sourceCount();
            int i3 = in.indexOf(FuzzFrames.FUZZED);
            // Connections refused at the end may still be closing: wait until ingest has counted them.
            FuzzCampaign.awaitUntil("ingest counted every predicted error", () -> sum(in.errors[unattributed]) == sum(c.errors[0])
                    && sum(in.errors[i3]) == sum(c.errors[1]));
            FuzzCampaign.awaitUntil("the builder consumed everything",
                    () -> service.pipeline().consumedSequence() == service.pipeline().publishedSequence());
            for (int[] at : new int[][] {{i3, FuzzFrames.FUZZED}, {unattributed, 0}}) {
                String who = at[1] == 0 ? "unattributed" : "source 3";
                assertThat(in.frames[at[0]].get()).as("%s frames", who).isEqualTo(c.counts.frames[at[1]]);
                assertThat(in.fragmentFrames[at[0]].get()).as("%s FRAGMENT frames", who).isEqualTo(c.counts.fragmentFrames[at[1]]);
                assertThat(in.fragmentFramesRefused[at[0]].get()).as("%s FRAGMENT frames refused", who)
                        .isEqualTo(c.counts.fragmentFramesRefused[at[1]]);
            }
            assertThat(in.heartbeats[i3].get()).as("source 3 heartbeats").isEqualTo(c.counts.heartbeats);

            for (ProtocolError e : ProtocolError.values()) {
                assertThat(in.errors[i3][e.ordinal()].get()).as("source 3 %s", e.label()).isEqualTo(c.errors[1][e.ordinal()]);
                assertThat(in.errors[unattributed][e.ordinal()].get()).as("unattributed %s", e.label())
                        .isEqualTo(c.errors[0][e.ordinal()]);
            }
            BuilderCounters b = service.pipeline().counters();
            assertThat(b.consumerErrors.get()).as("exceptions caught by the builder's handler").isZero();
            assertThat(b.evictedEvents.get()).as("events evicted (memory bound hit)").isZero();
            assertThat(b.fragmentsAfterSpillClose.get()).isEqualTo(c.afterClose);
            assertThat(c.maxInFlight).as("events in flight stay within the table").isLessThanOrEqualTo(CONFIG.builder().maxInFlightEvents());
            long perGood = c.spills * EVENTS_PER_SPILL;
            for (int src : FuzzCampaign.GOOD) {
                int i = in.indexOf(src);
                assertThat(sum(in.errors[i])).as("source %d protocol errors", src).isZero();
                assertThat(in.fragmentFrames[i].get()).as("source %d fragments received", src).isEqualTo(perGood);
                assertThat(b.fragmentsPerSource[i].get()).as("source %d fragments built", src).isEqualTo(perGood);
                assertThat(b.missingPerSource[i].get()).as("source %d never missing", src).isZero();
                assertThat(in.connections[i].get()).as("source %d kept its one connection", src).isEqualTo(1);
            }
            assertThat(closed).hasSize((int) c.spills);
            Accounting.check(service, closed);
            long played = c.cases.values().stream().mapToLong(Long::longValue).sum();
            assertThat(played).isGreaterThanOrEqualTo(CASES);
            System.out.printf(Locale.ROOT, "fuzz: %d cases (seed %d) in %d spills, %.1f s: %d reconnects, %d complete, %d incomplete,"
                            + " %d duplicates, %d after close, %d misaligned, max in flight %d, heap after GC %s MB%n  cases %s%n"
                            + "  protocol errors source 3 %s%n  unattributed %s%n",
                    played, SEED, c.spills, (System.nanoTime() - t0) / 1e9, c.reconnects, b.completeEvents.get(),
                    b.incompleteEvents.get(), b.duplicates.get(), b.fragmentsAfterSpillClose.get(), b.misalignedEvents.get(),
                    c.maxInFlight, c.heapAfterGc.stream().map(h -> String.valueOf(h >> 20)).collect(Collectors.joining(" ")),
                    c.cases, byReason(c.errors[1]), byReason(c.errors[0]));
            // Memory: what the ring entries and event slots may grow to, plus slack for the JVM; and no
            // growth at all over the second half of a campaign that sampled enough.
            List<Long> heap = c.heapAfterGc;
            long bound = 2 * (CONFIG.builder().ringSize() + CONFIG.builder().maxInFlightEvents()) * MAX_PAYLOAD; // arrays grow by doubling
            assertThat(heap.get(heap.size() - 1)).as("heap after GC at the end vs after spill 1 (MB): %s", heap)
                    .isLessThan(heap.get(0) + bound + 16L * 1024 * 1024);
            if (heap.size() >= 6) {
                assertThat(heap.get(heap.size() - 1)).as("heap after GC flat over the second half: %s", heap)
                        .isLessThan(heap.get(heap.size() / 2) + 8L * 1024 * 1024);
            }
        }
    }

    private static long sum(na64.daq.pipeline.Counter[] cs) {
        long s = 0;
        for (na64.daq.pipeline.Counter c : cs) {
            s += c.get();
        }
        return s;
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s += x;
        }
        return s;
    }

    private static String byReason(long[] v) {
        StringBuilder b = new StringBuilder("{");
        for (ProtocolError e : ProtocolError.values()) {
            if (v[e.ordinal()] > 0) {
                b.append(b.length() > 1 ? ", " : "").append(e.label()).append('=').append(v[e.ordinal()]);
            }
        }
        return b.append('}').toString();
    }
}

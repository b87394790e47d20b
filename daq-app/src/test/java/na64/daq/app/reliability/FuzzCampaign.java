package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import na64.daq.app.DaqService;
import na64.daq.config.RunConfig;
import na64.daq.ingest.IngestCounters;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.ProtocolError;
import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.SpillSummary;

/**
 * Drives one seeded fuzz campaign against a running {@link DaqService} over loopback TCP. Sources
 * 1, 2, 4 and 5 send every fragment of every spill, well formed; source 3 sends, for each trigger,
 * one case from {@link Kind}: its fragment mutated, in another order, repeated, cut, or preceded by
 * noise, sometimes on a fresh connection. Every byte it sends goes through the {@link WireModel}
 * oracle, and a small model of the builder's rules for one source (duplicates: an event number not
 * above the last; a fragment of a closed spill: after close) predicts each spill summary exactly.
 */
final class FuzzCampaign {
    /** The cases and their weights (out of 100). */
    enum Kind {
        VALID(8), BIT_FLIPS(20), TRUNCATE_AND_CLOSE(4), TRUNCATE_AND_GO_ON(4), LENGTH_LIE(8), WRONG_TYPE(6),
        WRONG_SOURCE(3), RANDOM_PAYLOAD(8), STRUCTURED_RANDOM(10), GARBAGE_FIRST(3), OUT_OF_ORDER(5), REPEATED(4),
        STALE(3), HELLO_AGAIN(2), BAD_HEARTBEAT(2), AFTER_SPILL_CLOSE(2), SPILL_MARKERS(2), OTHER_CONNECTION(4),
        RECONNECT(2);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    static final int[] GOOD = {1, 2, 4, 5};
    /** A lying length may swallow at most this much of what follows before the front-end gives up and reconnects. */
    private static final int MAX_SWALLOW = 4096;

    private final DaqService service;
    private final InetSocketAddress address;
    private final IngestCounters ingest;
    private final int idx3;
    private final SplittableRandom rnd;
    private final FuzzFrames frames;
    private final int eventsPerSpill;
    private final List<SpillSummary> closed;
    private final Set<Integer> live = new HashSet<>();
    /** Everything the oracle predicted (frames, FRAGMENT frames, heartbeats per source id). */
    final WireModel.Counts counts = new WireModel.Counts();
    private final OutputStream[] good = new OutputStream[GOOD.length];
    private final List<Socket> goodSockets = new ArrayList<>();
    private FuzzClient conn3;
    private long connections3;

    // What the campaign predicts for the whole run.
    final Map<Kind, Long> cases = new EnumMap<>(Kind.class);
    final long[][] errors = new long[2][ProtocolError.values().length]; // [0 unattributed, 1 source 3][reason]
    long afterClose;
    long reconnects;
    long spills;
    long maxInFlight;
    final List<Long> heapAfterGc = new ArrayList<>();

    // The builder's view of source 3 in the current spill.
    private long spill;
    private long last3;
    private final BitSet delivered3 = new BitSet();
    private final BitSet misaligned3 = new BitSet();
    private long duplicates3;
    private long spillErrors3;

    FuzzCampaign(DaqService service, List<SpillSummary> closed, long seed, int eventsPerSpill) {
        this.service = service;
        this.address = service.ingestAddress();
        this.ingest = service.ingest().counters();
        this.idx3 = ingest.indexOf(FuzzFrames.FUZZED);
        this.rnd = new SplittableRandom(seed);
        this.frames = new FuzzFrames(rnd.split());
        this.eventsPerSpill = eventsPerSpill;
        this.closed = closed;
    }

    private int channelLimit(int id) {
        RunConfig.SourceConfig s = service.config().source(id);
        return s == null ? -1 : s.channels();
    }

    /** Runs spills until at least {@code minCases} cases were played; checks each spill summary as it closes. */
    void run(int minCases, int heapSamples) throws Exception {
        for (int k = 0; k < GOOD.length; k++) {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(address, 10_000);
            goodSockets.add(s);
            good[k] = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
            good[k].write(frames.hello(GOOD[k]));
            live.add(GOOD[k]);
        }
        connect3(false);
        long played = 0;
        long totalSpills = Math.max(1, (minCases + eventsPerSpill - 1) / (long) (eventsPerSpill * 0.97));
        long sampleEvery = Math.max(1, totalSpills / Math.max(1, heapSamples));
        while (played < minCases) {
            played += spill(spills + 1);
            spills++;
            if (spills == 1 || spills % sampleEvery == 0) {
                heapAfterGc.add(heapAfterGc());
            }
        }
        conn3.clientClose();
        awaitUntil("source 3 disconnected", () -> ingest.connected[idx3].get() == 0);
        for (Socket s : goodSockets) {
            s.close();
        }
    }

    /** One spill: BEGIN, a case per trigger, END from everyone; returns the cases played. */
    private long spill(long k) throws Exception {
        spill = k;
        last3 = 0;
        delivered3.clear();
        misaligned3.clear();
        duplicates3 = 0;
        spillErrors3 = 0;
        for (int g = 0; g < GOOD.length; g++) {
            good[g].write(frames.beginOfSpill(GOOD[g], k));
        }
        conn3.send(frames.beginOfSpill(3, k));
        long played = 0;
        for (long e = 1; e <= eventsPerSpill; ) {
            e += playCase(e);
            played++;
            maxInFlight = Math.max(maxInFlight, service.pipeline().counters().inFlight.get());
        }
        if (conn3.model.pendingBytes() > 0) { // a frame still cut: the front-end gives up on it
            reconnect3(true);
        }
        for (int g = 0; g < GOOD.length; g++) {
            good[g].write(frames.endOfSpill(GOOD[g], k, eventsPerSpill));
            good[g].flush();
        }
        conn3.send(frames.endOfSpill(3, k, eventsPerSpill));
        absorb();
        awaitUntil("spill " + k + " closed", () -> closed.size() >= k);
        checkSummary(closed.get((int) k - 1));
        return played;
    }

    /** Plays one case for trigger {@code e}; returns the triggers it used (1, or 2 for out-of-order). */
    private int playCase(long e) throws IOException {
        Kind kind = pick(e);
        cases.merge(kind, 1L, Long::sum);
        int used = kind == Kind.OUT_OF_ORDER ? 2 : 1;
        for (long ev = e; ev < e + used; ev++) {
            for (int g = 0; g < GOOD.length; g++) {
                good[g].write(frames.fragment(GOOD[g], spill, ev));
            }
        }
        if ((e & 63) == 0) {
            for (OutputStream o : good) {
                o.flush();
            }
        }
        byte[] f = frames.fragment(3, spill, e);
        switch (kind) {
            case VALID -> send3(f);
            case BIT_FLIPS -> send3(frames.bitFlips(f));
            case TRUNCATE_AND_CLOSE -> {
                send3(frames.truncated(f));
                reconnect3(rnd.nextInt(4) == 0);
            }
            case TRUNCATE_AND_GO_ON -> send3(frames.truncated(f));
            case LENGTH_LIE -> send3(frames.lengthLie(f));
            case WRONG_TYPE -> send3(frames.wrongType(f));
            case WRONG_SOURCE -> send3(frames.wrongSource(f));
            case RANDOM_PAYLOAD -> send3(frames.randomPayload(spill, e));
            case STRUCTURED_RANDOM -> send3(frames.structuredRandom(spill, e));
            case GARBAGE_FIRST -> send3(concat(frames.garbage(), f));
            case OUT_OF_ORDER -> send3(concat(frames.fragment(3, spill, e + 1), f));
            case REPEATED -> send3(concat(f, f));
            case STALE -> send3(concat(frames.fragment(3, spill, e - 1 - rnd.nextInt((int) Math.min(e - 1, 10))), f));
            case HELLO_AGAIN -> send3(concat(frames.hello(3), f));
            case BAD_HEARTBEAT -> send3(concat(frames.badHeartbeat(), f));
            case AFTER_SPILL_CLOSE -> send3(concat(frames.fragment(3, spill - 1, e), f));
            case SPILL_MARKERS -> send3(concat(rnd.nextBoolean() ? frames.beginOfSpill(3, spill)
                    : frames.endOfSpill(3, spill - 1, eventsPerSpill), f));
            case OTHER_CONNECTION -> {
                otherConnection(e);
                send3(f);
            }
            case RECONNECT -> {
                reconnect3(rnd.nextBoolean());
                send3(f);
            }
        }
        absorb();
        if (conn3.model.closed() || conn3.model.pendingBytes() > MAX_SWALLOW) {
            reconnect3(rnd.nextInt(4) == 0);
        }
        return used;
    }

    private Kind pick(long e) {
        while (true) {
            int w = rnd.nextInt(100);
            for (Kind k : Kind.values()) {
                w -= k.weight;
                if (w < 0) {
                    boolean possible = switch (k) {
                        case OUT_OF_ORDER -> e < eventsPerSpill;
                        case STALE -> e > 1;
                        case AFTER_SPILL_CLOSE, SPILL_MARKERS -> spill > 1;
                        case OTHER_CONNECTION -> !conn3.model.closed() && conn3.model.sourceId() == 3;
                        default -> true;
                    };
                    if (possible) {
                        return k;
                    }
                    break;
                }
            }
        }
    }

    /** Source 3's bytes, in one to three writes cut at random places. */
    private void send3(byte[] bytes) {
        int pieces = rnd.nextInt(3);
        int[] cuts = new int[pieces];
        for (int i = 0; i < pieces; i++) {
            cuts[i] = rnd.nextInt(bytes.length + 1);
        }
        java.util.Arrays.sort(cuts);
        conn3.send(bytes, cuts);
    }

    /** A second connection doing something a front-end must not; source 3 stays connected meanwhile. */
    private void otherConnection(long e) throws IOException {
        FuzzClient x = new FuzzClient(address, new WireModel(live, this::channelLimit, counts));
        switch (rnd.nextInt(6)) {
            case 0 -> x.send(frames.fragment(3, spill, e));                      // no HELLO first
            case 1 -> x.send(frames.helloUnknown());                             // not configured
            case 2 -> x.send(frames.hello(GOOD[rnd.nextInt(GOOD.length)]));      // already connected
            case 3 -> x.send(frames.garbage());                                  // not even a frame
            case 4 -> x.send(frames.helloBadCrc(1));                             // skipped, connection stays
            default -> x.send(frames.frame(FrameHeader.TYPE_HELLO, 1, frames.garbage())); // malformed HELLO
        }
        absorb();
        assertThat(x.model.sourceId()).as("no fuzzed connection may become a source").isZero();
        if (x.model.closed()) {
            x.awaitServiceClose();
            x.close();
        } else {
            x.clientClose();
        }
    }

    private void connect3(boolean helloWithBadCrcFirst) throws IOException {
        conn3 = new FuzzClient(address, new WireModel(live, this::channelLimit, counts));
        if (helloWithBadCrcFirst) {
            conn3.send(frames.helloBadCrc(3));
        }
        conn3.send(frames.hello(3));
        absorb();
        assertThat(conn3.model.sourceId()).as("source 3 reconnected").isEqualTo(3);
        connections3++;
        // Both: ingest bumps the connection count before it sets the flag, and a reader may see one without the other.
        awaitUntil("source 3 connected",
                () -> ingest.connections[idx3].get() == connections3 && ingest.connected[idx3].get() == 1);
    }

    /** Source 3 goes away (by its own close or the service's) and comes back with a new HELLO. */
    private void reconnect3(boolean helloWithBadCrcFirst) throws IOException {
        if (conn3.model.closed()) {
            conn3.awaitServiceClose();
            conn3.close();
        } else {
            conn3.clientClose();
            absorb();
        }
        reconnects++;
        awaitUntil("source 3 disconnected", () -> ingest.connected[idx3].get() == 0);
        connect3(helloWithBadCrcFirst);
    }

    /** Takes what the oracle predicted since the last call into the builder model and the totals. */
    private void absorb() {
        for (WireModel.Error err : counts.errors) {
            if (err.sourceId() == 3) {
                errors[1][err.reason().ordinal()]++;
                spillErrors3++;
            } else {
                assertThat(err.sourceId()).as("errors are counted under source 3 or unattributed").isZero();
                errors[0][err.reason().ordinal()]++;
            }
        }
        counts.errors.clear();
        for (WireModel.Delivered d : counts.delivered) {
            assertThat(d.sourceId()).isEqualTo(3);
            byte[] p = d.payload();
            long run = WireModel.u32(p, 0);
            long sp = WireModel.u32(p, 4);
            assertThat(run).as("mutations keep the run").isEqualTo(FuzzFrames.RUN);
            switch (d.type()) {
                case FrameHeader.TYPE_FRAGMENT -> fragment3(sp, WireModel.u32(p, 8), p);
                case FrameHeader.TYPE_BEGIN_OF_SPILL -> assertThat(sp).as("a repeated BEGIN_OF_SPILL").isEqualTo(spill);
                case FrameHeader.TYPE_END_OF_SPILL -> assertThat(sp).as("END_OF_SPILL of this spill (at its end) or the last")
                        .isBetween(spill - 1, spill);
                default -> throw new AssertionError("delivered frame of type " + d.type());
            }
        }
        counts.delivered.clear();
    }

    private void fragment3(long sp, long event, byte[] p) {
        if (sp == spill - 1) {
            afterClose++;
            return;
        }
        assertThat(sp).as("fragments name this spill or the closed one").isEqualTo(spill);
        assertThat(event).as("fragments name a trigger of the spill").isBetween(1L, (long) eventsPerSpill);
        if (event <= last3) {
            duplicates3++;
            return;
        }
        last3 = event;
        delivered3.set((int) event);
        long time = WireModel.u32(p, 16) | WireModel.u32(p, 20) << 32;
        int type = WireModel.u16(p, 24);
        if (time != FuzzFrames.triggerTime(event) || type != FragmentFlyweight.TRIGGER_PHYSICS) {
            misaligned3.set((int) event);
        }
    }

    private void checkSummary(SpillSummary s) {
        long complete = delivered3.cardinality();
        long incomplete = eventsPerSpill - complete;
        long calibration = 0;
        for (int e = 1000; e <= eventsPerSpill; e += 1000) {
            if (delivered3.get(e) && !misaligned3.get(e)) {
                calibration++;
            }
        }
        assertThat(s.run).isEqualTo(FuzzFrames.RUN);
        assertThat(s.spill).isEqualTo(spill);
        assertThat(s.closeReason).isEqualTo(CloseReason.ALL_ENDED);
        assertThat(s.triggers).isEqualTo(eventsPerSpill);
        assertThat(s.complete).as("spill %d complete", spill).isEqualTo(complete);
        assertThat(s.incomplete).as("spill %d incomplete", spill).isEqualTo(incomplete);
        assertThat(s.missingPerSource).as("spill %d: only the fuzzed source ever misses a fragment", spill)
                .isEqualTo(incomplete == 0 ? Map.of() : Map.of(3, incomplete));
        assertThat(s.duplicates).as("spill %d duplicates", spill).isEqualTo(duplicates3);
        assertThat(s.late).isZero();
        assertThat(s.misaligned).as("spill %d misaligned", spill).isEqualTo(misaligned3.cardinality());
        assertThat(s.protocolErrors).as("spill %d protocol errors", spill).isEqualTo(spillErrors3);
        assertThat(s.fragmentsReceived).isEqualTo(GOOD.length * (long) eventsPerSpill + complete + duplicates3);
        assertThat(s.accepted).as("spill %d accepted (invisible, random, calibration)", spill)
                .containsExactly(0, 0, calibration);
        assertThat(s.sourcesNotEnded).isEmpty();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Polls {@code condition} every 20 µs (the service answers within micro- to milliseconds); fails after 30 s. */
    static void awaitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(20_000);
        }
    }
}

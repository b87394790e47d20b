package na64.daq.ingest;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;

import na64.daq.pipeline.FragmentArenas;
import na64.daq.pipeline.IngestEntry;

/**
 * The consumer end of the ingest ring in tests, standing in for the event builder: polls the ring
 * (a Disruptor {@link EventPoller} gating the producer), records a copy of each entry and gives a
 * fragment's arena space back at once. Nothing is consumed until a test drains, so a test that does
 * not drain fills the ring and sees backpressure. One thread drains at a time.
 */
final class RingRecorder {
    /** A copy of one ring entry. */
    record Entry(int kind, int sourceId, long run, long spill, long event, int length, double ps, double ecalMain,
                 long receivedNanos, long readNanos) {
        boolean isFragment() {
            return kind == IngestEntry.FRAGMENT;
        }

        boolean isError() {
            return kind == IngestEntry.PROTOCOL_ERROR;
        }
    }

    private final EventPoller<IngestEntry> poller;
    private final FragmentArenas arenas;
    private final List<Entry> entries = new ArrayList<>();

    RingRecorder(RingBuffer<IngestEntry> ring, FragmentArenas arenas) {
        this.poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        this.arenas = arenas;
    }

    /** Consumes everything published so far; returns how many entries that was. */
    synchronized int drain() {
        int before = entries.size();
        try {
            poller.poll((e, sequence, endOfBatch) -> {
                entries.add(new Entry(e.kind, e.sourceId, e.run, e.spill, e.event, e.length, e.ps, e.ecalMain,
                        e.receivedNanos, e.readNanos));
                if (e.kind == IngestEntry.FRAGMENT) {
                    arenas.forSource(e.sourceId).release(e.arenaOrdinal);
                }
                return true;
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return entries.size() - before;
    }

    /** Everything consumed so far, in ring order. */
    synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    /** The entries of {@code sourceId}, in ring order. */
    synchronized List<Entry> of(int sourceId) {
        return entries.stream().filter(e -> e.sourceId() == sourceId).toList();
    }

    /** The event numbers of {@code sourceId}'s fragments, in ring order. */
    List<Long> events(int sourceId) {
        return of(sourceId).stream().filter(Entry::isFragment).map(Entry::event).toList();
    }

    /** Drains (on this thread) until {@code done} holds for everything consumed, for up to 30 s. */
    void drainUntil(Predicate<List<Entry>> done) {
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(2))
                .until(() -> {
                    drain();
                    return done.test(entries());
                });
    }
}

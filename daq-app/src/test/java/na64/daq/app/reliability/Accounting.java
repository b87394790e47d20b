package na64.daq.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;

import na64.daq.app.DaqService;
import na64.daq.app.JsonLines;
import na64.daq.builder.BuilderCounters;
import na64.daq.ingest.IngestCounters;
import na64.daq.protocol.ProtocolError;
import na64.daq.store.EventStoreReader;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;
import na64.daq.store.StoredSpill;
import na64.daq.trigger.Streams;

/**
 * The accounting invariant of spec §6, checked on a running service after a fault scenario, when
 * every spill it saw is closed and nothing is in flight:
 * <pre>
 *   FRAGMENT frames received (ingest)
 *     = fragments in complete events + fragments in incomplete events
 *       + duplicates + late + after spill close + FRAGMENT frames refused as protocol errors
 * </pre>
 * per source at the ring (ingest's good fragments = the builder's), in total, and per spill; and
 * that the spill summaries, the builder and ingest counters, the store's records and the metrics
 * (scraped over HTTP when the endpoint is on) all tell the same story. Every failure names the
 * quantity that disagrees.
 */
final class Accounting {
    private Accounting() {
    }

    /**
     * Checks {@code service} against {@code summaries}, which must be every spill it closed (a
     * listener registered before any traffic).
     */
    static void check(DaqService service, List<SpillSummary> summaries) {
        BuilderCounters b = service.pipeline().counters();
        IngestCounters in = service.ingest().counters();
        int n = in.sourceCount();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(b.openSpills.get()).as("spills still open").isZero();
        soft.assertThat(b.inFlight.get()).as("events still in flight").isZero();
        soft.assertThat(service.pipeline().consumedSequence()).as("ring consumed up to published")
                .isEqualTo(service.pipeline().publishedSequence());
        soft.assertThat(b.consumerErrors.get()).as("exceptions in the builder").isZero();

        // 1. At the ring: every FRAGMENT frame ingest received was refused or reached the builder.
        long framesReceived = 0;
        long framesRefused = 0;
        for (int i = 0; i <= n; i++) {
            long frames = in.fragmentFrames[i].get();
            long refused = in.fragmentFramesRefused[i].get();
            framesReceived += frames;
            framesRefused += refused;
            long built = i < n ? b.fragmentsPerSource[i].get() : 0;
            soft.assertThat(frames - refused).as("source %s: FRAGMENT frames received - refused = fragments the builder got",
                    i < n ? in.sourceId(i) : "unattributed").isEqualTo(built);
        }

        // 2. In the builder: every fragment ends in exactly one place.
        long missing = 0;
        for (int i = 0; i < n; i++) {
            missing += b.missingPerSource[i].get();
        }
        long inComplete = n * b.completeEvents.get();
        long inIncomplete = n * b.incompleteEvents.get() - missing;
        long places = inComplete + inIncomplete + b.duplicates.get() + b.lateFragments.get() + b.fragmentsAfterSpillClose.get();
        soft.assertThat(b.fragments.get()).as("builder fragments = in complete + in incomplete + duplicates + late + after close")
                .isEqualTo(places);
        soft.assertThat(framesReceived).as("FRAGMENT frames received = ... + refused as protocol errors")
                .isEqualTo(places + framesRefused);

        // 3. Every protocol error counted by ingest went through the ring to the builder
        // (a refused peer address is counted before a connection exists, so it has no ring entry).
        long peerRefusals = in.errors(0, ProtocolError.PEER_NOT_ALLOWED);
        soft.assertThat(in.totalErrors() - peerRefusals).as("protocol errors counted by ingest = attributed + unattributed")
                .isEqualTo(b.protocolErrorsAttributed.get() + b.protocolErrorsUnattributed.get());

        // 4. The spill summaries: each balances, and together they are the builder's counters.
        long complete = 0, incomplete = 0, duplicates = 0, late = 0, misaligned = 0, errors = 0, received = 0;
        long[] accepted = new long[Streams.COUNT];
        Map<Integer, Long> missingBySource = new HashMap<>();
        for (SpillSummary s : summaries) {
            long spillMissing = s.missingPerSource.values().stream().mapToLong(Long::longValue).sum();
            soft.assertThat(s.fragmentsReceived).as("spill %d/%d balances: fragments received", s.run, s.spill)
                    .isEqualTo(n * (s.complete + s.incomplete) - spillMissing + s.duplicates + s.late);
            soft.assertThat(spillMissing).as("spill %d/%d: each incomplete event misses at least one fragment", s.run, s.spill)
                    .isGreaterThanOrEqualTo(s.incomplete);
            complete += s.complete;
            incomplete += s.incomplete;
            duplicates += s.duplicates;
            late += s.late;
            misaligned += s.misaligned;
            errors += s.protocolErrors;
            received += s.fragmentsReceived;
            for (int k = 0; k < Streams.COUNT; k++) {
                accepted[k] += s.accepted[k];
            }
            s.missingPerSource.forEach((src, m) -> missingBySource.merge(src, m, Long::sum));
        }
        soft.assertThat(summaries.size()).as("spill summaries = spills closed").isEqualTo(b.spillsClosed.get());
        soft.assertThat(complete).as("summaries: complete").isEqualTo(b.completeEvents.get());
        soft.assertThat(incomplete).as("summaries: incomplete").isEqualTo(b.incompleteEvents.get());
        soft.assertThat(duplicates).as("summaries: duplicates").isEqualTo(b.duplicates.get());
        soft.assertThat(late).as("summaries: late").isEqualTo(b.lateFragments.get());
        soft.assertThat(misaligned).as("summaries: misaligned").isEqualTo(b.misalignedEvents.get());
        soft.assertThat(errors).as("summaries: protocol errors").isEqualTo(b.protocolErrorsAttributed.get());
        soft.assertThat(received).as("summaries: fragments received").isEqualTo(b.fragments.get() - b.fragmentsAfterSpillClose.get());
        for (int i = 0; i < n; i++) {
            soft.assertThat(missingBySource.getOrDefault(in.sourceId(i), 0L)).as("summaries: missing of source %d", in.sourceId(i))
                    .isEqualTo(b.missingPerSource[i].get());
        }
        for (int k = 0; k < Streams.COUNT; k++) {
            soft.assertThat(accepted[k]).as("summaries: accepted %s", Streams.name(k)).isEqualTo(b.acceptedPerStream[k].get());
        }

        // 5. The store holds those summaries, and the events they count.
        checkStore(soft, service.storeDir(), summaries, service.config().store().storeIncomplete());

        // 6. The metrics say the same.
        Metrics m = Metrics.scrape(service);
        soft.assertThat(m.value("daq_events_complete_total")).as("metric complete").isEqualTo(complete);
        soft.assertThat(m.value("daq_events_incomplete_total")).as("metric incomplete").isEqualTo(incomplete);
        soft.assertThat(m.value("daq_fragments_duplicate_total")).as("metric duplicates").isEqualTo(duplicates);
        soft.assertThat(m.value("daq_fragments_late_total")).as("metric late").isEqualTo(late);
        soft.assertThat(m.value("daq_fragments_after_spill_close_total")).as("metric after close")
                .isEqualTo(b.fragmentsAfterSpillClose.get());
        soft.assertThat(m.value("daq_events_misaligned_total")).as("metric misaligned").isEqualTo(misaligned);
        soft.assertThat(m.value("daq_spills_closed_total")).as("metric spills closed").isEqualTo(summaries.size());
        soft.assertThat(m.sum("daq_source_protocol_errors_total")).as("metric protocol errors").isEqualTo(in.totalErrors());
        soft.assertThat(m.value("daq_builder_protocol_errors_total{attribution=\"spill\"}")).as("metric errors in spills")
                .isEqualTo(errors);
        soft.assertThat(m.sum("daq_source_fragments_total")).as("metric fragments").isEqualTo(b.fragments.get());
        soft.assertThat(m.value("daq_builder_errors_total")).as("metric builder errors").isZero();
        for (int k = 0; k < Streams.COUNT; k++) {
            soft.assertThat(m.value("daq_decisions_total{stream=\"" + Streams.name(k) + "\"}"))
                    .as("metric accepted %s", Streams.name(k)).isEqualTo(accepted[k]);
        }
        soft.assertThat(m.value("daq_store_spills_appended_total")).as("metric spills stored")
                .isEqualTo(service.store().spillsAppended().get());
        soft.assertThat(m.value("daq_store_events_appended_total")).as("metric events stored")
                .isEqualTo(service.store().eventsAppended().get());
        soft.assertAll();
    }

    private static void checkStore(SoftAssertions soft, Path dir, List<SpillSummary> summaries, boolean storeIncomplete) {
        Map<String, SpillSummary> byKey = new HashMap<>();
        for (SpillSummary s : summaries) {
            byKey.put(s.run + "/" + s.spill, s);
        }
        Map<String, long[]> storedAccepted = new HashMap<>();
        Map<String, Long> storedIncomplete = new HashMap<>();
        List<String> storedSummaries = new ArrayList<>();
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            StoredRecord r;
            while ((r = reader.next()) != null) {
                if (r instanceof StoredEvent e) {
                    String key = e.run() + "/" + e.spill();
                    long[] acc = storedAccepted.computeIfAbsent(key, k -> new long[Streams.COUNT]);
                    for (int k = 0; k < Streams.COUNT; k++) {
                        if ((e.streams() & (1 << k)) != 0) {
                            acc[k]++;
                        }
                    }
                    if (!e.complete()) {
                        storedIncomplete.merge(key, 1L, Long::sum);
                        soft.assertThat(e.streams()).as("stored incomplete event %s/%d is never accepted", key, e.event()).isZero();
                    }
                } else if (r instanceof StoredSpill spill) { // run and configuration records are not counted here
                    SpillSummary s = spill.summary();
                    if (byKey.containsKey(s.run + "/" + s.spill)) {
                        storedSummaries.add(JsonLines.spill(s));
                    }
                }
            }
        }
        List<String> expected = summaries.stream().map(JsonLines::spill).toList();
        soft.assertThat(storedSummaries).as("spill records in the store = the summaries handed over").containsExactlyElementsOf(expected);
        for (SpillSummary s : summaries) {
            String key = s.run + "/" + s.spill;
            long[] acc = storedAccepted.getOrDefault(key, new long[Streams.COUNT]);
            for (int k = 0; k < Streams.COUNT; k++) {
                soft.assertThat(acc[k]).as("spill %s: stored events in stream %s", key, Streams.name(k)).isEqualTo(s.accepted[k]);
            }
            soft.assertThat(storedIncomplete.getOrDefault(key, 0L)).as("spill %s: stored incomplete events", key)
                    .isEqualTo(storeIncomplete ? s.incomplete : 0);
        }
    }

    /** Convenience for tests that only need the ring-level equality (ingest vs builder) of one source. */
    static void assertSourceDelivered(DaqService service, int sourceId, long fragments) {
        IngestCounters in = service.ingest().counters();
        int i = in.indexOf(sourceId);
        assertThat(in.fragmentFrames[i].get() - in.fragmentFramesRefused[i].get()).as("source %d fragments delivered", sourceId)
                .isEqualTo(fragments);
    }
}

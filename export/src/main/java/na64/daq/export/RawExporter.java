package na64.daq.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import na64.daq.config.RunConfig;
import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.HelloFlyweight;
import na64.daq.protocol.RawFileWriter;
import na64.daq.protocol.SpillMarkerFlyweight;
import na64.daq.store.EventStoreReader;
import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;
import na64.daq.store.StoredSpill;

/**
 * {@code daq export --format na64raw}: the stored events' fragments as a recorded-spill file (spec
 * appendix B), so that replaying it gives the same stored events with the same energies and
 * decisions. The file holds one HELLO per configured source, then per spill a BEGIN_OF_SPILL of
 * every source, each stored event's fragments in event order (payloads byte for byte as stored,
 * frames with fresh CRCs), and an END_OF_SPILL of every source; the trigger unit's carries the
 * spill's trigger count and scalers from its summary. A source missing from an incomplete event
 * sends nothing for it, so the replay finds it missing again.
 *
 * <p>Receive times: a spill starts at its begin-of-spill wall clock relative to the first spill's
 * (or 1 s after the previous spill's last trigger, whichever is later), and a fragment is at its
 * spill's start plus its trigger time, so a paced replay keeps the recorded rhythm. Events are
 * gathered per spill (released when its summary is read), so memory is one spill's stored events.
 */
public final class RawExporter {
    private static final long SPILL_GAP_NS = 1_000_000_000L;

    /** What was written. */
    public record Result(long events, long spills, long frames) {
    }

    private final RawFileWriter out;
    private final List<RunConfig.SourceConfig> sources;
    private final FrameEncoder encoder = new FrameEncoder();
    private long frames;
    private long events;
    private long spills;
    private long firstWallClock = -1;
    private long nextStart;
    private long lastTime;

    private RawExporter(RawFileWriter out, List<RunConfig.SourceConfig> sources) {
        this.out = out;
        this.sources = sources;
    }

    /** Writes the events the filter keeps (the kind is ignored) to {@code file}. */
    public static Result export(Path store, RecordFilter filter, Path file, RunConfig fallback) throws IOException {
        StoreScan scan = StoreScan.of(store, filter);
        RunConfig config = StoreConfigs.resolve(store, scan.hashes(), scan.storedConfigs(), fallback).config();
        try (RawFileWriter w = RawFileWriter.create(file)) {
            RawExporter x = new RawExporter(w, config.sources());
            x.run(store, filter, scan.records());
            return new Result(x.events, x.spills, x.frames);
        }
    }

    private void run(Path store, RecordFilter filter, long records) throws IOException {
        for (RunConfig.SourceConfig s : sources) {
            boolean trigger = s.kind() == RunConfig.SourceKind.TRIGGER;
            write(0, encoder.hello(s.id(), trigger ? HelloFlyweight.BOARD_TRIGGER_UNIT : HelloFlyweight.BOARD_MSADC,
                    trigger ? 0 : s.channels(), s.name()));
        }
        Map<List<Long>, List<StoredEvent>> open = new LinkedHashMap<>();
        try (EventStoreReader reader = EventStoreReader.open(store)) {
            for (long i = 0; i < records; i++) {
                StoredRecord r = reader.next();
                if (r instanceof StoredEvent e && filter.test(e)) {
                    open.computeIfAbsent(List.of(e.run(), e.spill()), k -> new ArrayList<>()).add(e);
                } else if (r instanceof StoredSpill s && filter.keys(s.summary().run, s.summary().spill)) {
                    List<StoredEvent> spillEvents = open.remove(List.of(s.summary().run, s.summary().spill));
                    writeSpill(s.summary(), spillEvents == null ? List.of() : spillEvents);
                }
            }
        }
        for (List<StoredEvent> leftover : open.values()) { // a spill without a summary (store still being written)
            SpillSummary s = new SpillSummary();
            s.run = leftover.get(0).run();
            s.spill = leftover.get(0).spill();
            s.triggers = leftover.stream().mapToLong(StoredEvent::event).max().orElse(0);
            writeSpill(s, leftover);
        }
    }

    private void writeSpill(SpillSummary s, List<StoredEvent> spillEvents) throws IOException {
        List<StoredEvent> sorted = new ArrayList<>(spillEvents);
        sorted.sort(Comparator.comparingLong(StoredEvent::event));
        long start = nextStart;
        if (s.beginWallClockNs > 0) {
            if (firstWallClock < 0) {
                firstWallClock = s.beginWallClockNs - start;
            }
            start = Math.max(start, s.beginWallClockNs - firstWallClock);
        }
        for (RunConfig.SourceConfig src : sources) {
            write(start, encoder.beginOfSpill(src.id(), s.run, s.spill, s.beginWallClockNs));
        }
        long last = start;
        for (StoredEvent e : sorted) {
            last = Math.max(last, start + e.triggerTimeNs());
            for (StoredEvent.Fragment f : e.fragments()) {
                encoder.begin(FrameHeader.TYPE_FRAGMENT, f.sourceId()).putBytes(f.payload(), 0, f.payload().length);
                write(last, encoder.buffer(), encoder.finish());
            }
            events++;
        }
        for (RunConfig.SourceConfig src : sources) {
            boolean trigger = src.kind() == RunConfig.SourceKind.TRIGGER;
            write(last, trigger ? encoder.endOfSpill(src.id(), s.run, s.spill, s.triggers, scalers(s))
                    : encoder.endOfSpill(src.id(), s.run, s.spill, s.triggers));
        }
        nextStart = last + SPILL_GAP_NS;
        spills++;
    }

    private static long[][] scalers(SpillSummary s) {
        List<long[]> out = new ArrayList<>();
        if (s.eot >= 0) {
            out.add(new long[] {SpillMarkerFlyweight.SCALER_EOT, s.eot});
        }
        if (s.triggersScaler >= 0) {
            out.add(new long[] {SpillMarkerFlyweight.SCALER_TRIGGERS, s.triggersScaler});
        }
        if (s.deadTimeNs >= 0) {
            out.add(new long[] {SpillMarkerFlyweight.SCALER_DEAD_TIME_NS, s.deadTimeNs});
        }
        return out.toArray(new long[0][]);
    }

    private void write(long time, byte[] frame) throws IOException {
        write(time, frame, frame.length);
    }

    private void write(long time, byte[] frame, int length) throws IOException {
        lastTime = Math.max(lastTime, time);
        out.write(lastTime, frame, 0, length);
        frames++;
    }
}

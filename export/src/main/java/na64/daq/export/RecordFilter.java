package na64.daq.export;

import java.util.function.Predicate;

import na64.daq.store.StoredConfig;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;
import na64.daq.store.StoredRun;
import na64.daq.store.StoredSpill;
import na64.daq.trigger.Streams;

/**
 * Which stored records a {@code daq dump} or {@code daq export} keeps. Every criterion is optional
 * (null = any). Run and spill select events and spill summaries alike; a spill number without a
 * run matches that spill in every run. A stream keeps the events accepted into it; spill summaries
 * are kept whatever the stream, since they count every stream. The kind keeps only events, only
 * spill summaries, or only run-control records (begin/end of run, configurations). A run record is
 * kept by its run number alone (no spill or stream criterion keeps it); a configuration record, which
 * belongs to no run, only when no run, spill or stream is asked for ({@code dump --kind run} lists them).
 *
 * @param run    run number, or null
 * @param spill  spill number, or null
 * @param stream stream name ({@code invisible}, {@code random}, {@code calibration}), or null
 * @param kind   record kind, or null for all
 */
public record RecordFilter(Long run, Long spill, String stream, Kind kind) implements Predicate<StoredRecord> {
    /** Stored record kinds. */
    public enum Kind { EVENT, SPILL, RUN }

    /** Keeps everything. */
    public static final RecordFilter ALL = new RecordFilter(null, null, null, null);

    /** Checks the stream name. */
    public RecordFilter {
        if (stream != null && Streams.bitOf(stream) < 0) {
            throw new IllegalArgumentException("unknown stream '" + stream + "' (invisible, random or calibration)");
        }
    }

    /** The same filter for a (run, spill) key: run and spill criteria only. */
    public boolean keys(long recordRun, long recordSpill) {
        return (run == null || run == recordRun) && (spill == null || spill == recordSpill);
    }

    @Override
    public boolean test(StoredRecord r) {
        if (r instanceof StoredEvent e) {
            return (kind == null || kind == Kind.EVENT) && keys(e.run(), e.spill())
                    && (stream == null || (e.streams() & Streams.maskOf(Streams.bitOf(stream))) != 0);
        }
        if (r instanceof StoredSpill s) {
            return (kind == null || kind == Kind.SPILL) && keys(s.summary().run, s.summary().spill);
        }
        boolean runKind = (kind == null || kind == Kind.RUN) && spill == null && stream == null;
        return r instanceof StoredRun rr ? runKind && (run == null || run == rr.run())
                : runKind && run == null && r instanceof StoredConfig;
    }

    /** One line saying what is kept, for file metadata and messages. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (run != null) {
            b.append("run=").append(run).append(' ');
        }
        if (spill != null) {
            b.append("spill=").append(spill).append(' ');
        }
        if (stream != null) {
            b.append("stream=").append(stream).append(' ');
        }
        if (kind != null) {
            b.append("kind=").append(kind.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
        }
        return b.length() == 0 ? "all" : b.toString().trim();
    }
}

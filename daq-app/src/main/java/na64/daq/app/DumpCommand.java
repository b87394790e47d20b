package na64.daq.app;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import na64.daq.export.RecordFilter;
import na64.daq.store.EventStoreReader;
import na64.daq.store.StoredConfig;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;
import na64.daq.store.StoredRun;
import na64.daq.store.StoredSpill;

/**
 * {@code daq dump}: prints a store as JSON lines in stored order (events, spill summaries, begin- and
 * end-of-run records, configurations), optionally only some runs, spills, a stream or one kind of record, and with {@code --fragments} each event's decoded
 * channels. Safe while a {@code serve} is writing the same store; {@code --follow} keeps tailing
 * it. Stops as soon as its output is closed ({@code dump --follow | head -1}): a PrintStream
 * swallows the broken pipe, so every line is followed by a check, and an idle {@code --follow}
 * asks {@link PipeReader} twice a second.
 */
@Command(name = "dump", mixinStandardHelpOptions = true, description = "Print a store as JSON lines, in stored order.")
public final class DumpCommand implements Callable<Integer> {
    @Option(names = "--store", paramLabel = "DIR", description = "Store directory.")
    Path store;

    @Option(names = "--farm", paramLabel = "DIR",
            description = "A farm directory (daq farm run --dir): every builder store's events, then the merged spill summaries.")
    Path farm;

    @Option(names = "--follow", description = "Keep printing new records as they are stored (until interrupted).")
    boolean follow;

    @Mixin
    FilterOptions filters;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "Only one kind of record: event, spill, or run (begin/end-of-run and configuration records).")
    String kind;

    @Option(names = "--fragments", description = "Add each event's decoded channels (amplitudes, or samples) as \"data\".")
    boolean fragments;

    @Override
    public Integer call() throws Exception {
        if ((store == null) == (farm == null)) {
            throw new DaqMain.UserError("give exactly one of --store DIR and --farm DIR");
        }
        RecordFilter filter = filters.filter(kind());
        if (farm != null) {
            return dumpFarm(filter);
        }
        checkStore(store);
        PrintStream out = System.out;
        long idle = 0;
        try (EventStoreReader reader = EventStoreReader.open(store)) {
            while (true) {
                StoredRecord r = reader.next();
                if (r == null) {
                    if (!follow) {
                        break;
                    }
                    out.flush();
                    if (out.checkError() || (++idle % 5 == 0 && !PipeReader.stillRead())) {
                        return 0; // nobody reads any more (see PipeReader)
                    }
                    Thread.sleep(100);
                    continue;
                }
                if (!filter.test(r)) {
                    continue;
                }
                String line = render(r);
                out.println(fragments && r instanceof StoredEvent e ? FragmentJson.withFragments(line, e) : line);
                if (out.checkError()) { // the reader went away (broken pipe): nobody reads the rest
                    return 0;
                }
            }
        }
        out.flush();
        return 0;
    }

    private int dumpFarm(RecordFilter filter) throws java.io.IOException {
        if (!Files.isDirectory(farm) || !na64.daq.farm.FarmDump.isFarm(farm)) {
            throw new DaqMain.UserError(farm + ": not a farm directory (no builder-K/store, no merged/)");
        }
        PrintStream out = System.out;
        for (StoredRecord r : na64.daq.farm.FarmDump.read(farm)) {
            if (filter.test(r)) {
                String line = render(r);
                out.println(fragments && r instanceof StoredEvent e ? FragmentJson.withFragments(line, e) : line);
            }
        }
        out.flush();
        return 0;
    }

    private RecordFilter.Kind kind() {
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case "event" -> RecordFilter.Kind.EVENT;
            case "spill" -> RecordFilter.Kind.SPILL;
            case "run" -> RecordFilter.Kind.RUN;
            default -> throw new DaqMain.UserError("--kind must be event, spill or run, got " + kind);
        };
    }

    /** Refuses a path that is not a store with one line (else the reader's exception ends in a stack trace). */
    static void checkStore(Path store) {
        if (!Files.isDirectory(store)) {
            throw new DaqMain.UserError(store + ": no such store directory");
        }
        if (!EventStoreReader.isStore(store)) {
            throw new DaqMain.UserError(store + ": not an NA64 event store (no " + na64.daq.store.EventStore.MARKER
                    + " marker file)");
        }
    }

    /** The JSON line of one stored record. */
    public static String render(StoredRecord r) {
        if (r instanceof StoredEvent e) {
            return JsonLines.event(e);
        }
        if (r instanceof StoredSpill s) {
            return JsonLines.spill(s.summary());
        }
        return r instanceof StoredRun run ? JsonLines.run(run) : JsonLines.config((StoredConfig) r);
    }
}

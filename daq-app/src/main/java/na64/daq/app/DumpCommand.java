package na64.daq.app;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import na64.daq.store.EventStoreReader;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRecord;
import na64.daq.store.StoredSpill;

/**
 * {@code daq dump}: prints a store as JSON lines in stored order. Safe while a {@code serve} is
 * writing the same store; {@code --follow} keeps tailing it.
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

    @Override
    public Integer call() throws Exception {
        if ((store == null) == (farm == null)) {
            throw new DaqMain.UserError("give exactly one of --store DIR and --farm DIR");
        }
        if (farm != null) {
            return dumpFarm();
        }
        if (!Files.isDirectory(store)) {
            throw new DaqMain.UserError(store + ": no such store directory");
        }
        if (!EventStoreReader.isStore(store)) { // else the reader's IllegalArgumentException ends in a stack trace
            throw new DaqMain.UserError(store + ": not an NA64 event store (no " + na64.daq.store.EventStore.MARKER
                    + " marker file)");
        }
        PrintStream out = System.out;
        try (EventStoreReader reader = EventStoreReader.open(store)) {
            while (true) {
                StoredRecord r = reader.next();
                if (r == null) {
                    if (!follow) {
                        break;
                    }
                    out.flush();
                    Thread.sleep(100);
                    continue;
                }
                out.println(render(r));
            }
        }
        out.flush();
        return 0;
    }

    private int dumpFarm() throws java.io.IOException {
        if (!Files.isDirectory(farm) || !na64.daq.farm.FarmDump.isFarm(farm)) {
            throw new DaqMain.UserError(farm + ": not a farm directory (no builder-K/store, no merged/)");
        }
        PrintStream out = System.out;
        for (StoredRecord r : na64.daq.farm.FarmDump.read(farm)) {
            out.println(render(r));
        }
        out.flush();
        return 0;
    }

    /** The JSON line of one stored record. */
    public static String render(StoredRecord r) {
        if (r instanceof StoredEvent e) {
            return JsonLines.event(e);
        }
        return JsonLines.spill(((StoredSpill) r).summary());
    }
}

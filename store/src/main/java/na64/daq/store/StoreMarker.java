package na64.daq.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import net.openhft.chronicle.queue.RollCycle;

/** The {@value EventStore#MARKER} file that tells readers a directory is an NA64 store, and the check before writing it. */
final class StoreMarker {
    private StoreMarker() {
    }

    /** Whether {@code dir} already holds Chronicle queue files (another queue, if it has no marker). */
    static boolean holdsQueueFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.endsWith(".cq4") || n.endsWith(".cq4t"));
        }
    }

    /** Writes the marker atomically (temporary file, then rename). */
    static void write(Path dir, RollCycle cycle) throws IOException {
        Path tmp = dir.resolve(EventStore.MARKER + ".tmp");
        Files.writeString(tmp, "NA64 DAQ event store\nrecord layout version " + RecordLayout.VERSION
                + "\nChronicle Queue, binary, roll cycle " + cycle + "\n");
        Files.move(tmp, dir.resolve(EventStore.MARKER), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}

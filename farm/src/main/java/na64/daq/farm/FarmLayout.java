package na64.daq.farm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import na64.daq.store.EventStoreReader;

/**
 * The directory of a farm started by {@code daq farm run --dir DIR}:
 * <pre>
 *  DIR/kafka/              the local broker (server.properties, data/, broker.log), without --kafka
 *  DIR/readout/readout.log the readout's log
 *  DIR/builder-K/store/    builder K's Chronicle store (accepted and incomplete events)
 *  DIR/builder-K/builder.log
 *  DIR/merged/             the merged spill summaries (a Chronicle store of spill records)
 * </pre>
 */
public final class FarmLayout {
    private FarmLayout() {
    }

    public static Path kafka(Path dir) {
        return dir.resolve("kafka");
    }

    public static Path readoutLog(Path dir) {
        return dir.resolve("readout").resolve("readout.log");
    }

    public static Path builderDir(Path dir, int k) {
        return dir.resolve("builder-" + k);
    }

    public static Path builderStore(Path dir, int k) {
        return builderDir(dir, k).resolve("store");
    }

    public static Path mergedStore(Path dir) {
        return dir.resolve("merged");
    }

    /** Every builder store under {@code dir}, by builder number. */
    public static List<Path> builderStores(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("builder-\\d+"))
                    .sorted((a, b) -> Integer.compare(number(a), number(b)))
                    .map(p -> p.resolve("store"))
                    .filter(p -> Files.isDirectory(p) && EventStoreReader.isStore(p))
                    .toList();
        }
    }

    private static int number(Path builderDir) {
        return Integer.parseInt(builderDir.getFileName().toString().substring("builder-".length()));
    }
}

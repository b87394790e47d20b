package na64.daq.app.dataout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import na64.daq.app.DaqService;
import na64.daq.app.DumpCommand;
import na64.daq.app.replay.Recording;
import na64.daq.app.replay.Replayer;
import na64.daq.config.ConfigLoader;
import na64.daq.store.EventStoreReader;
import na64.daq.store.StoredRecord;

/** Stores made by replaying a recorded spill through the real TCP ingest into an embedded service, and read back. */
final class ReplayedStores {
    static final ObjectMapper JSON = new ObjectMapper();

    private ReplayedStores() {
    }

    /** Replays {@code file} flat out into a fresh service on {@code store} and waits until every spill of it is closed. */
    static void replay(Path file, Path store) throws Exception {
        Recording recording = Recording.load(file);
        try (DaqService service = DaqService.start(ConfigLoader.loadDefault().withMonitoringPort(0), store, "127.0.0.1", 0)) {
            assertThat(Replayer.replay(recording, service.ingestAddress(), 0).failures()).isEmpty();
            await().atMost(60, TimeUnit.SECONDS)
                    .until(() -> service.pipeline().counters().spillsClosed.get() == recording.spills().size());
        }
    }

    /** Every stored record in stored order. */
    static List<StoredRecord> records(Path store) {
        List<StoredRecord> out = new ArrayList<>();
        try (EventStoreReader reader = EventStoreReader.open(store)) {
            StoredRecord r;
            while ((r = reader.next()) != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** What {@code daq dump} prints for the store, parsed. */
    static List<JsonNode> dump(Path store) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (StoredRecord r : records(store)) {
            out.add(JSON.readTree(DumpCommand.render(r)));
        }
        return out;
    }
}

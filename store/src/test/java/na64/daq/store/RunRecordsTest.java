package na64.daq.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.pipeline.SpillSummary;

/**
 * Begin- and end-of-run records and configuration records go through the store like events and
 * spills, keep their order among them, and tell a starting service which configurations the store
 * holds and which run its predecessor left open.
 */
class RunRecordsTest {
    @TempDir
    Path dir;

    @Test
    void runAndConfigurationRecordsReadBackWithEveryFieldAndInOrderAmongEventsAndSpills() {
        StringBuilder yaml = new StringBuilder("# Sélection de la prise de données\n");
        for (int i = 0; i < 5000; i++) {
            yaml.append("# line ").append(i).append('\n'); // a configuration of ~60 KiB
        }
        StoredConfig config = new StoredConfig("0123456789abcdef", 11, yaml.toString());
        StoredRun begin = new StoredRun(StoredRun.Phase.BEGIN, 4243, 12, "http", "POST /run/start from 127.0.0.1:5555",
                "0123456789abcdef", 0, 0);
        StoredRun end = new StoredRun(StoredRun.Phase.END, 4243, 13, "signal", "SIGTERM", "0123456789abcdef", 1, 3);
        SpillSummary spill = StoreAssertions.spill(4243, 1);
        try (EventStore store = EventStore.open(dir, true)) {
            store.appendConfig(config);
            store.appendRun(begin);
            store.appendEvent(new TestEvent());
            store.appendSpill(spill);
            store.appendRun(end);
            store.appendRun(new StoredRun(StoredRun.Phase.BEGIN, StoredRun.NO_RUN, 14, "api", null, null, 0, 0));
        }
        List<StoredRecord> records = read();
        assertThat(records).hasSize(6);
        assertThat(records.get(0)).isEqualTo(config);
        assertThat(records.get(1)).isEqualTo(begin);
        assertThat(records.get(2)).isInstanceOf(StoredEvent.class);
        assertThat(records.get(3)).isInstanceOf(StoredSpill.class);
        assertThat(records.get(4)).isEqualTo(end);
        assertThat(records.get(5)).isEqualTo(new StoredRun(StoredRun.Phase.BEGIN, StoredRun.NO_RUN, 14, "api", "", null, 0, 0));
    }

    @Test
    void theScanAtStartFindsTheStoredConfigurationsAndARunLeftWithoutItsEnd() {
        try (EventStore store = EventStore.open(dir, false)) {
            store.appendConfig(new StoredConfig("aaaa", 1, "a: 1\n"));
            store.appendRun(new StoredRun(StoredRun.Phase.BEGIN, 1, 2, "api", "", "aaaa", 0, 0));
            store.appendRun(new StoredRun(StoredRun.Phase.END, 1, 3, "api", "", "aaaa", 0, 0));
            store.appendConfig(new StoredConfig("bbbb", 4, "b: 1\n"));
            store.appendRun(new StoredRun(StoredRun.Phase.BEGIN, 2, 5, "http", "", "bbbb", 0, 0));
        }
        StoreHistory h = CrashRecovery.scan(dir, "bbbb");
        assertThat(h.configHashes()).containsExactlyInAnyOrder("aaaa", "bbbb");
        assertThat(h.openRun()).isNotNull();
        assertThat(h.openRun().run()).isEqualTo(2);
        assertThat(h.unclosedSpills()).isEmpty();
        assertThat(CrashRecovery.scan(dir.resolve("none"), "x")).isEqualTo(StoreHistory.EMPTY);
    }

    private List<StoredRecord> read() {
        List<StoredRecord> out = new ArrayList<>();
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            StoredRecord r;
            while ((r = reader.next()) != null) {
                out.add(r);
            }
        }
        return out;
    }
}

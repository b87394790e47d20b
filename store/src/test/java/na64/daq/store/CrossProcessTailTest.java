package na64.daq.store;

import static na64.daq.store.StoreAssertions.assertSameEvent;
import static na64.daq.store.StoreAssertions.assertSameSpill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.testkit.ChildJvm;

/** A reader in this JVM tails a store that another JVM is writing, as {@code daq dump} does. */
class CrossProcessTailTest {
    private static final int EVENTS = 3000;

    @TempDir
    Path dir;

    @Test
    void readerTailsAStoreWrittenByAnotherProcess() throws Exception {
        List<String> command = ChildJvm.command(null, StoreWriterMain.class.getName(), dir.toString(),
                Integer.toString(EVENTS));
        Process writer = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            // The other JVM is still starting: nothing to open yet.
            await("the writer has created the store").atMost(60, TimeUnit.SECONDS).pollInterval(10, TimeUnit.MILLISECONDS)
                    .until(() -> EventStoreReader.isStore(dir) || !writer.isAlive());
            int expected = EVENTS + EVENTS / 500;
            List<StoredRecord> seen = new ArrayList<>();
            try (EventStoreReader reader = EventStoreReader.open(dir)) {
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // hang guard only
                while (seen.size() < expected && System.nanoTime() < giveUp) {
                    StoredRecord r = reader.next();
                    if (r != null) {
                        seen.add(r);
                    } else if (!writer.isAlive() && seen.size() < expected) {
                        r = reader.next(); // writer gone: one last look, then stop
                        if (r == null) {
                            break;
                        }
                        seen.add(r);
                    } else {
                        Thread.onSpinWait();
                    }
                }
                assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(writer.exitValue()).isZero();
                assertThat(reader.next()).isNull();
            }
            assertThat(seen).hasSize(expected);
            int k = 0;
            for (int i = 1; i <= EVENTS; i++) {
                assertSameEvent(seen.get(k++), StoreWriterMain.event(i));
                if (i % 500 == 0) {
                    assertSameSpill(seen.get(k++), StoreAssertions.spill(77, i / 500));
                }
            }
        } finally {
            writer.destroyForcibly();
        }
    }
}

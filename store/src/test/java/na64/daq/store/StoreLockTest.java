package na64.daq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.testkit.ChildJvm;

/**
 * One writer per store (issue 12): a second {@link EventStore} on a store, in this JVM or another,
 * is refused naming the store and the holder's PID; readers keep working; the lock goes with its
 * holder, also when the holder is killed with SIGKILL.
 */
class StoreLockTest {
    private static final String SELF = Long.toString(ProcessHandle.current().pid());

    @TempDir
    Path dir;

    @Test
    void aSecondWriterInThisJvmIsRefusedNamingTheStoreAndThisPidAndMayOpenOnceTheFirstCloses() {
        try (EventStore first = EventStore.open(dir, false)) {
            first.appendEvent(TestEvent.random(new Random(1), 1, 1, 1));
            assertThatThrownBy(() -> EventStore.open(dir, false))
                    .isInstanceOf(StoreLock.InUseException.class)
                    .hasMessageContaining("store " + dir.toAbsolutePath())
                    .hasMessageContaining("pid " + SELF);
            first.appendEvent(TestEvent.random(new Random(2), 1, 1, 2)); // the refusal took nothing from the holder
        }
        try (EventStore second = EventStore.open(dir, false)) {
            second.appendEvent(TestEvent.random(new Random(3), 1, 1, 3));
        }
        try (EventStoreReader reader = EventStoreReader.open(dir)) {
            assertThat(StoreAssertions.readAll(reader)).hasSize(3);
        }
    }

    @Test
    void theLockFileHoldsTheWritersPid() throws Exception {
        try (EventStore store = EventStore.open(dir, false)) {
            assertThat(Files.readString(dir.resolve(StoreLock.FILE)).trim()).isEqualTo(SELF);
        }
    }

    @Test
    void readersDoNotTakeTheLockAndReadWhileAWriterHoldsIt() {
        try (EventStore store = EventStore.open(dir, false)) {
            store.appendEvent(TestEvent.random(new Random(1), 1, 1, 1));
            try (EventStoreReader a = EventStoreReader.open(dir); EventStoreReader b = EventStoreReader.open(dir)) {
                assertThat(a.next()).isInstanceOf(StoredEvent.class);
                assertThat(b.next()).isInstanceOf(StoredEvent.class);
            }
            store.appendEvent(TestEvent.random(new Random(2), 1, 1, 2)); // still the writer
        }
    }

    @Test
    void aWriterInAnotherProcessIsRefusedUntilItIsKilledThenTheStoreOpens() throws Exception {
        Process holder = child("hold");
        try {
            awaitLine(holder, "holding");
            String pid = Long.toString(holder.pid());
            assertThatThrownBy(() -> EventStore.open(dir, false))
                    .isInstanceOf(StoreLock.InUseException.class)
                    .hasMessageContaining("store " + dir.toAbsolutePath())
                    .hasMessageContaining("pid " + pid)
                    .satisfies(e -> assertThat(((StoreLock.InUseException) e).holderPid()).isEqualTo(pid));
            try (EventStoreReader reader = EventStoreReader.open(dir)) {
                assertThat(reader.next()).as("the other writer's event, read while it writes").isInstanceOf(StoredEvent.class);
            }
            holder.destroyForcibly(); // SIGKILL: no close, the OS drops the lock with the process
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            holder.destroyForcibly();
        }
        try (EventStore store = EventStore.open(dir, false)) {
            store.appendEvent(TestEvent.random(new Random(2), 9, 1, 2));
            assertThat(Files.readString(dir.resolve(StoreLock.FILE)).trim()).isEqualTo(SELF);
        }
    }

    @Test
    void aRefusedAttemptInTheHoldingJvmDoesNotDropTheLockForOtherProcesses() throws Exception {
        try (EventStore store = EventStore.open(dir, false)) {
            assertThatThrownBy(() -> EventStore.open(dir, false)).isInstanceOf(StoreLock.InUseException.class);
            Process other = child("try");
            String line = awaitLine(other, null);
            assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(line).startsWith("refused: ").contains("pid " + SELF);
        }
        Process other = child("try");
        assertThat(awaitLine(other, null)).as("released at close").isEqualTo("opened");
        assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private Process child(String mode) throws IOException {
        List<String> command = ChildJvm.command(null, StoreHolderMain.class.getName(), mode, dir.toString());
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Reads the child's output up to {@code wanted} (when null, its verdict of a try); fails if it ends first. */
    private static String awaitLine(Process p, String wanted) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (wanted == null ? line.equals("opened") || line.startsWith("refused: ") : line.equals(wanted)) {
                return line;
            }
        }
        throw new AssertionError("the child ended before printing " + (wanted == null ? "a line" : wanted));
    }
}

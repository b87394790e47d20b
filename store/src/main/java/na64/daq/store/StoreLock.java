package na64.daq.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The one-writer lock of a store directory (issue 12): an exclusive {@link FileLock} on
 * {@value #FILE} in the directory, holding the writer's PID as text, taken by {@link EventStore#open}
 * before anything is written and released by {@link EventStore#close()}. Two writers appending to one
 * Chronicle queue would interleave two runs' records, and the second one's crash recovery would
 * summarise the first one's open spill as crashed; so a second writer is refused, naming the holder.
 * Readers ({@link EventStoreReader}) never touch the lock.
 *
 * <p>The lock is the operating system's ({@code fcntl} on Linux), so a holder that dies, even by
 * SIGKILL, releases it with its process: a restart after a crash needs no clean-up. The file is left
 * in place on release; deleting it would let a waiting writer lock the old, unlinked file while a new
 * one locks a fresh file of the same name, both believing they are alone.
 *
 * <p>Within one JVM the OS lock does not exclude (it is per process), and a second {@code FileChannel}
 * lock on the file throws {@link OverlappingFileLockException}; worse, closing that second channel
 * would drop the process's lock on Linux. So this JVM's held directories are also kept in a set and
 * checked first, without opening the file again.
 */
public final class StoreLock implements AutoCloseable {
    /** Name of the lock file in the store directory. */
    public static final String FILE = "writer.lock";

    /** Real paths of the store directories this JVM holds. */
    private static final Set<Path> HELD = new HashSet<>();

    private final Path key;
    private final FileChannel channel;

    private StoreLock(Path key, FileChannel channel) {
        this.key = key;
        this.channel = channel;
    }

    /**
     * Takes the writer lock of existing directory {@code dir} and writes this process's PID into it.
     *
     * @throws InUseException       when another writer, in this or another process, holds it
     * @throws UncheckedIOException when the lock file cannot be created or written
     */
    public static StoreLock acquire(Path dir) {
        Path abs = dir.toAbsolutePath();
        try {
            Path key = abs.toRealPath();
            synchronized (HELD) {
                if (HELD.contains(key)) {
                    throw new InUseException(abs, Long.toString(ProcessHandle.current().pid()));
                }
                FileChannel ch = FileChannel.open(key.resolve(FILE), StandardOpenOption.CREATE,
                        StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException | IOException e) {
                    ch.close();
                    throw e;
                }
                if (lock == null) {
                    String holder = holder(ch);
                    ch.close();
                    throw new InUseException(abs, holder);
                }
                try {
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
                } catch (IOException e) {
                    ch.close();
                    throw e;
                }
                HELD.add(key);
                return new StoreLock(key, ch);
            }
        } catch (OverlappingFileLockException e) {
            // Locked in this JVM outside this class; who holds it can only be this process.
            throw new InUseException(abs, Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock event store " + abs + " for writing (" + FILE + "): " + e, e);
        }
    }

    /** The PID the holder wrote, or "unknown" (it is between taking the lock and writing its PID). */
    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64);
        ch.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
        return text.matches("\\d{1,19}") ? text : "unknown";
    }

    /** Releases the lock; idempotent. The file stays (see the class comment). */
    @Override
    public void close() {
        synchronized (HELD) {
            if (!channel.isOpen()) {
                return;
            }
            try {
                channel.close(); // releases the lock taken through it
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release the writer lock of " + key + ": " + e, e);
            } finally {
                HELD.remove(key);
            }
        }
    }

    /** Another writer holds the store: the message names the store directory and the holder's PID. */
    public static final class InUseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        private final transient Path store;
        private final String holderPid;

        InUseException(Path store, String holderPid) {
            super("store " + store + " is in use by another writer (pid " + holderPid + ", " + FILE
                    + "); stop it first or use another store");
            this.store = store;
            this.holderPid = holderPid;
        }

        /** The store directory, absolute. */
        public Path store() {
            return store;
        }

        /** The holder's PID as written in the lock file, or "unknown". */
        public String holderPid() {
            return holderPid;
        }
    }
}

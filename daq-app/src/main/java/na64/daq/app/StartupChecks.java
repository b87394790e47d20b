package na64.daq.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Start-up failures a user causes, turned into one line each (issue 11 item 17, issue 14): a store
 * path that is a file, a store that cannot be created or written, a busy ingest or HTTP port. The
 * line names the path or the address:port; {@code daq} prints it and exits 2, without a stack trace.
 */
final class StartupChecks {
    private StartupChecks() {
    }

    /** The store directory exists or can be created, is a directory, and a file can be written in it. */
    static void requireUsableStore(Path dir) {
        requireUsableDir("store", dir);
    }

    /** As for the store, for another directory the service writes ({@code what}: how the line names it). */
    static void requireUsableDir(String what, Path dir) {
        Path abs = dir.toAbsolutePath();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new DaqMain.UserError(what + " " + abs + ": is a file, not a directory");
        }
        try {
            Files.createDirectories(abs);
        } catch (IOException | SecurityException e) {
            throw new DaqMain.UserError(what + " " + abs + ": cannot create the directory (" + reason(e) + ")");
        }
        try {
            // A real write, not Files.isWritable: root passes permission checks but not a read-only mount.
            Path probe = Files.createTempFile(abs, ".daq-write-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new DaqMain.UserError(what + " " + abs + ": not writable (" + reason(e) + ")");
        }
    }

    /**
     * What to throw for a failure while starting ingest or the HTTP endpoint: a bind failure becomes a
     * {@link DaqMain.UserError} naming the address; anything else is returned as it is (a bug: it keeps
     * its stack trace).
     */
    static Exception explain(Exception e, String host, int port) {
        if (e instanceof BindException || e.getCause() instanceof BindException && !(e instanceof UncheckedIOException)) {
            return new DaqMain.UserError("cannot listen for front-ends on " + host + ":" + port + ": " + reason(e));
        }
        if (e instanceof UncheckedIOException u && u.getMessage() != null && u.getMessage().startsWith("cannot bind")) {
            return new DaqMain.UserError(u.getMessage());
        }
        return e;
    }

    private static String reason(Exception e) {
        Throwable t = e instanceof BindException || e.getCause() == null ? e : e.getCause();
        String m = t.getMessage();
        if (t instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            m = fs.getReason();
        }
        return m == null ? t.getClass().getSimpleName() : m;
    }
}

package na64.daq.app;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether anyone still holds the pipe this process's standard output writes to, for an idle
 * {@code dump --follow}. Java can neither poll standard output nor learn of a closed pipe without
 * writing to it (a PrintStream swallows the error, and a zero-byte write to a pipe succeeds even
 * without readers), so when {@code dump --follow | head -1} has printed everything it had before
 * {@code head} exits, nothing would ever tell it. On Linux, standard output's {@code /proc} link
 * names the pipe ({@code pipe:[inode]}); when no other process has a descriptor on that pipe, its
 * reader is gone. Elsewhere, or if stdout is not a pipe, this answers "still read" and the next
 * failed write ends the dump as before. Scanning {@code /proc} costs one readlink per descriptor
 * on the machine (a few thousand), done at most twice a second and only while idle.
 */
final class PipeReader {
    private static final Path STDOUT = Path.of("/proc/self/fd/1");

    private PipeReader() {
    }

    /** False only when standard output is a pipe that no other process holds any more. */
    static boolean stillRead() {
        String pipe;
        try {
            pipe = Files.readSymbolicLink(STDOUT).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return true;
        }
        if (!pipe.startsWith("pipe:[")) {
            return true;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> isPid(p, self))) {
            for (Path proc : procs) {
                if (holds(proc.resolve("fd"), pipe)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return true;
        }
        return false;
    }

    private static boolean isPid(Path p, long self) {
        String name = p.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit) && !name.equals(Long.toString(self));
    }

    private static boolean holds(Path fdDir, String pipe) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(pipe)) {
                        return true;
                    }
                } catch (IOException e) {
                    // the descriptor closed meanwhile
                }
            }
        } catch (IOException | SecurityException e) {
            // the process ended meanwhile, or is not ours to look at
        }
        return false;
    }
}

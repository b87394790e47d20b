package na64.daq.ingest.recorder;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Names of the recorder's files: {@code run004243-spill0001-part001.na64raw}. The part number is
 * always there, so that the names sort in the order the files were written ({@code ls} order is
 * replay order): a new file of a (run, spill) takes the part after the highest already in the
 * directory (a size rotation, or a service restarted in the middle of a spill), and an existing
 * file is never overwritten. A file begun before any spill was named is {@code run000000-spill0000}
 * until its first spill marker or fragment names one (then it is renamed).
 */
final class RecordFiles {
    static final String SUFFIX = ".na64raw";

    private final Path dir;

    RecordFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The file name for {@code run}/{@code spill} (negative: not known yet) and {@code part}. */
    static String name(long run, long spill, int part) {
        return prefix(run, spill) + String.format(Locale.ROOT, "%03d", part) + SUFFIX;
    }

    private static String prefix(long run, long spill) {
        return String.format(Locale.ROOT, "run%06d-spill%04d-part", Math.max(run, 0), Math.max(spill, 0));
    }

    /** Creates the next file of {@code run}/{@code spill}, empty; never one that exists. */
    Path create(long run, long spill) throws IOException {
        while (true) {
            Path p = next(run, spill);
            try {
                return Files.createFile(p);
            } catch (FileAlreadyExistsException e) {
                // another writer took that part since the listing: take the one after
            }
        }
    }

    /** Renames {@code file} to the next free name of {@code run}/{@code spill}; returns the new path. */
    Path rename(Path file, long run, long spill) throws IOException {
        Path target = next(run, spill);
        Files.move(file, target); // fails rather than replace a file that appeared in between
        return target;
    }

    /** The name after the highest part of {@code run}/{@code spill} in the directory. */
    private Path next(long run, long spill) throws IOException {
        String prefix = prefix(run, spill);
        int highest = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, prefix + "*" + SUFFIX)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                String digits = n.substring(prefix.length(), n.length() - SUFFIX.length());
                try {
                    highest = Math.max(highest, Integer.parseInt(digits));
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        }
        return dir.resolve(name(run, spill, highest + 1));
    }
}

package na64.daq.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files {@code daq replay} was given, a directory standing for its {@code .na64raw} files in
 * name order: the raw recorder names its files so that this is the order it wrote them
 * ({@code run004243-spill0001-part001.na64raw}, ...).
 */
final class RecordedFiles {
    private RecordedFiles() {
    }

    static List<Path> expand(List<Path> given) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> in = s.filter(f -> f.getFileName().toString().endsWith(".na64raw") && Files.isRegularFile(f))
                            .sorted().toList();
                    if (in.isEmpty()) {
                        throw new DaqMain.UserError(p + ": no .na64raw file in this directory");
                    }
                    out.addAll(in);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new DaqMain.UserError(p + ": no such file");
            }
        }
        return out;
    }
}

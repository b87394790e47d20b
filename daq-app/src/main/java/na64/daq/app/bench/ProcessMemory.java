package na64.daq.app.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** This JVM's memory: live heap after a full collection, and resident set size (Linux {@code /proc}; -1 elsewhere). */
final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Runs {@link System#gc()} and returns the heap still in use, bytes. */
    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Current resident set size, bytes ({@code VmRSS}), or -1. */
    static long rss() {
        return status("VmRSS:");
    }

    /** Peak resident set size, bytes ({@code VmHWM}), or -1. */
    static long peakRss() {
        return status("VmHWM:");
    }

    private static long status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not readable: unknown
        }
        return -1;
    }
}

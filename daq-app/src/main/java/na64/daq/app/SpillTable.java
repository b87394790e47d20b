package na64.daq.app;

import java.io.PrintStream;
import java.util.List;

import na64.daq.pipeline.SpillSummary;

/** The per-spill table printed by {@code replay} and {@code demo}, for a human on shift. */
public final class SpillTable {
    private SpillTable() {
    }

    public static void print(PrintStream out, List<SpillSummary> spills) {
        out.printf("%-6s %-6s %9s %9s %10s %5s %7s %9s %7s %11s %8s %-10s%n", "run", "spill", "triggers", "complete",
                "incomplete", "dupl", "errors", "invisible", "random", "calibration", "EOT", "closed by");
        for (SpillSummary s : spills) {
            out.printf("%-6d %-6d %9d %9d %10d %5d %7d %9d %7d %11d %8d %-10s%n", s.run, s.spill, s.triggers, s.complete,
                    s.incomplete, s.duplicates, s.protocolErrors, s.accepted[0], s.accepted[1], s.accepted[2], s.eot,
                    s.closeReason.name().toLowerCase(java.util.Locale.ROOT));
            if (!s.sourcesNotEnded.isEmpty()) {
                out.println("       sources that never ended the spill: " + s.sourcesNotEnded);
            }
        }
    }
}

package na64.daq.app.bench;

import java.util.Locale;

/**
 * What one {@code daq bench} run measured. {@code events}, {@code seconds}, the rates, the
 * flat-out latencies, GC and allocation are from the flat-out run through the service (warm-up
 * excluded); {@code paced*} from the run paced at {@code pacedRate} (80 % of the flat-out rate);
 * {@code loss} counts events sent in either run that the service's spill summaries do not account
 * for; {@code loopbackRatio} is the flat-out MB/s over the discard sink's with the same generator.
 * {@code incomplete} counts the events of both runs the service built incomplete (accounted, but a
 * generator that sends every fragment should see none). {@code generatorPeakRssMb} is the flat-out generator process's peak resident size and
 * {@code serviceHeapAfterGcMb} the service JVM's live heap after a full GC at the end.
 */
public record BenchResult(String mode, long events, double seconds, double eventsPerSecond, double mbPerSecond,
                          double p50Micros, double p99Micros, double p999Micros, double pacedRate, double pacedAchieved,
                          double pacedP50Micros, double pacedP99Micros, double pacedP999Micros, long maxGcPauseMs,
                          long gcPauseTotalMs, double allocBytesPerEvent, long loss, double loopbackRatio,
                          double discardMbPerSecond, long incomplete, double generatorPeakRssMb,
                          double serviceHeapAfterGcMb) {
    /** The last line {@code daq bench} prints; scripts parse it. */
    public String line() {
        return String.format(Locale.ROOT,
                "bench: mode=%s events=%d seconds=%.2f events_per_s=%.0f mb_per_s=%.1f p50_us=%.1f p99_us=%.1f "
                        + "p999_us=%.1f paced_rate=%.0f paced_p50_us=%.1f paced_p99_us=%.1f paced_p999_us=%.1f "
                        + "max_gc_pause_ms=%d alloc_bytes_per_event=%.2f loss=%d loopback_ratio=%.3f",
                mode, events, seconds, eventsPerSecond, mbPerSecond, p50Micros, p99Micros, p999Micros, pacedRate,
                pacedP50Micros, pacedP99Micros, pacedP999Micros, maxGcPauseMs, allocBytesPerEvent, loss, loopbackRatio);
    }

    /** A line for people, printed before {@link #line()}. */
    public String summary() {
        return String.format(Locale.ROOT, "bench: discard sink %.1f MB/s; flat out %d events in %.2f s; paced at %.0f Hz "
                        + "(sent at %.0f Hz); GC pauses %d ms in total; %d incomplete events; generator peak RSS %.0f MB; service heap after GC %.0f MB",
                discardMbPerSecond, events, seconds, pacedRate, pacedAchieved, gcPauseTotalMs, incomplete, generatorPeakRssMb,
                serviceHeapAfterGcMb);
    }
}

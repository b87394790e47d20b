package na64.daq.monitoring;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.SingleWriterRecorder;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;

import na64.daq.pipeline.NanoClock;

/**
 * The decision latency (last fragment in → decision stored) as Prometheus metrics, read from the
 * builder's HdrHistogram {@link SingleWriterRecorder}. The builder thread only records into the recorder; this
 * class is its single reader. At every scrape it swaps out the interval histogram
 * ({@link SingleWriterRecorder#getIntervalHistogram(Histogram)}, recycled, so steady state allocates nothing
 * large) and folds it into:
 * <ul>
 *   <li>fixed cumulative buckets, sum and count: the histogram {@code daq_decision_latency_seconds},
 *       for {@code histogram_quantile()} over any range in PromQL (alerts and dashboards use it);</li>
 *   <li>a sliding window of about one minute ({@value #SLOTS} slots of {@value #SLOT_SECONDS} s,
 *       2-significant-digit HdrHistograms): exact recent percentiles as the summary
 *       {@code daq_decision_latency_recent_seconds{quantile}} and the recent maximum.</li>
 * </ul>
 * Why not a Micrometer Timer or DistributionSummary: those can only be fed value by value, which
 * would replay every recorded event (up to 10^5 per second) on the scrape thread, and they would
 * keep a second, differently windowed copy of the data. The recorder already holds the exact
 * distribution; this collector only re-bins it.
 */
final class DecisionLatency implements MultiCollector {
    static final String HISTOGRAM = "daq_decision_latency_seconds";
    static final String RECENT = "daq_decision_latency_recent_seconds";
    static final String RECENT_MAX = "daq_decision_latency_recent_max_seconds";
    /** Bucket upper bounds in seconds: 10 µs .. 10 s, roughly 1-2.5-5 per decade. */
    static final double[] BOUNDS_SECONDS = {
        10e-6, 25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3, 50e-3,
        0.1, 0.25, 0.5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY};
    static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};
    static final int SLOTS = 6;
    static final int SLOT_SECONDS = 10;
    private static final long SLOT_NANOS = SLOT_SECONDS * 1_000_000_000L;
    private static final long HIGHEST_NANOS = 3_600_000_000_000L;

    private final SingleWriterRecorder recorder;
    private final NanoClock clock;
    private final long[] boundsNanos = new long[BOUNDS_SECONDS.length];
    private final long[] bucketCounts = new long[BOUNDS_SECONDS.length];
    private final Histogram[] slots = new Histogram[SLOTS];
    private final long[] slotEpoch = new long[SLOTS];
    private final Histogram window = new Histogram(HIGHEST_NANOS, 2);
    private Histogram interval;
    private long count;
    private double sumSeconds;

    DecisionLatency(SingleWriterRecorder recorder, NanoClock clock) {
        this.recorder = recorder;
        this.clock = clock;
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) {
            boundsNanos[i] = Double.isInfinite(BOUNDS_SECONDS[i]) ? Long.MAX_VALUE : Math.round(BOUNDS_SECONDS[i] * 1e9);
        }
        for (int s = 0; s < SLOTS; s++) {
            slots[s] = new Histogram(HIGHEST_NANOS, 2);
            slotEpoch[s] = Long.MIN_VALUE;
        }
    }

    /** Moves what the builder recorded since the last call into the buckets and the window. */
    synchronized void sample() {
        long now = clock.nanoTime();
        interval = recorder.getIntervalHistogram(interval);
        if (interval.getTotalCount() == 0) {
            return;
        }
        for (HistogramIterationValue v : interval.recordedValues()) {
            // The middle of HdrHistogram's equivalence range: within 0.05 % of the recorded value.
            long value = interval.medianEquivalentValue(v.getValueIteratedTo());
            long n = v.getCountAtValueIteratedTo();
            bucketCounts[bucketOf(value)] += n;
            sumSeconds += value * 1e-9 * n;
            count += n;
        }
        long epoch = Math.floorDiv(now, SLOT_NANOS);
        int s = (int) Math.floorMod(epoch, SLOTS);
        if (slotEpoch[s] != epoch) {
            slots[s].reset();
            slotEpoch[s] = epoch;
        }
        slots[s].add(interval);
    }

    private int bucketOf(long nanos) {
        for (int i = 0; i < boundsNanos.length; i++) {
            if (nanos <= boundsNanos[i]) {
                return i;
            }
        }
        return boundsNanos.length - 1;
    }

    /** Decisions recorded so far (as of the last sample). */
    synchronized long count() {
        return count;
    }

    /** Quantile {@code q} (0..1) of the last minute's latencies in seconds; NaN if there were none. */
    synchronized double recentQuantile(double q) {
        mergeWindow();
        return window.getTotalCount() == 0 ? Double.NaN : window.getValueAtPercentile(q * 100) * 1e-9;
    }

    private void mergeWindow() {
        long current = Math.floorDiv(clock.nanoTime(), SLOT_NANOS);
        window.reset();
        for (int s = 0; s < SLOTS; s++) {
            if (slotEpoch[s] != Long.MIN_VALUE && current - slotEpoch[s] < SLOTS) {
                window.add(slots[s]);
            }
        }
    }

    @Override
    public synchronized MetricSnapshots collect() {
        sample();
        mergeWindow();
        boolean empty = window.getTotalCount() == 0;
        Quantile[] qs = new Quantile[QUANTILES.length];
        for (int i = 0; i < QUANTILES.length; i++) {
            qs[i] = new Quantile(QUANTILES[i], empty ? Double.NaN : window.getValueAtPercentile(QUANTILES[i] * 100) * 1e-9);
        }
        HistogramSnapshot histogram = HistogramSnapshot.builder().name(HISTOGRAM)
                .help("Decision latency: from the arrival of an event's last fragment to its stored trigger decision")
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS_SECONDS, bucketCounts.clone()))
                        .sum(sumSeconds).build())
                .build();
        SummarySnapshot recent = SummarySnapshot.builder().name(RECENT)
                .help("Decision latency quantiles over the last minute (count and sum since start)")
                .dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                        .quantiles(Quantiles.of(qs)).count(count).sum(sumSeconds).build())
                .build();
        GaugeSnapshot max = GaugeSnapshot.builder().name(RECENT_MAX)
                .help("Largest decision latency of the last minute, in seconds (NaN when there was no decision)")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .value(empty ? Double.NaN : window.getMaxValue() * 1e-9).build())
                .build();
        return MetricSnapshots.of(histogram, recent, max);
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(HISTOGRAM, RECENT, RECENT_MAX);
    }
}

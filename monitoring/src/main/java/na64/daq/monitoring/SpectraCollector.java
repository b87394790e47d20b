package na64.daq.monitoring;

import java.util.List;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import na64.daq.pipeline.Counter;
import na64.daq.pipeline.EnergySpectra;

/**
 * The online-monitor spectra of complete events as Prometheus metrics, read at scrape time from the
 * builder's fixed-bucket {@link EnergySpectra} counters (the builder thread only increments them):
 * <ul>
 *   <li>{@code daq_energy_ecal_mev}, {@code daq_energy_hcal_mev}, {@code daq_energy_veto_mev}: classic
 *       histograms with the physics buckets of {@link EnergySpectra} as cumulative {@code le} buckets.
 *       They have no {@code _sum}: the builder keeps bucket counts only, and a sum made up from
 *       bucket bounds would be wrong.</li>
 *   <li>{@code daq_energy_ecal_vs_hcal_events_total{ecal_le, hcal_le}}: the 2-D E_ECAL vs E_HCAL
 *       counts, one series per cell (not cumulative), labelled with the cell's upper bounds, for a
 *       Grafana heatmap. The labels are not called {@code le}: that name is reserved for histograms.</li>
 * </ul>
 * Energies are in MeV, the unit of the spec and of the run configuration; Prometheus has no base
 * unit for particle energies (joules would be absurd here).
 */
final class SpectraCollector implements MultiCollector {
    static final String ECAL = "daq_energy_ecal_mev";
    static final String HCAL = "daq_energy_hcal_mev";
    static final String VETO = "daq_energy_veto_mev";
    static final String ECAL_VS_HCAL = "daq_energy_ecal_vs_hcal_events";

    private final EnergySpectra spectra;
    private final Labels[] cellLabels;

    SpectraCollector(EnergySpectra spectra) {
        this.spectra = spectra;
        double[] b = EnergySpectra.CALORIMETER_BOUNDS_MEV;
        cellLabels = new Labels[b.length * b.length];
        for (int e = 0; e < b.length; e++) {
            for (int h = 0; h < b.length; h++) {
                cellLabels[e * b.length + h] = Labels.of("ecal_le", bound(b[e]), "hcal_le", bound(b[h]));
            }
        }
    }

    /** A bucket bound as a label value: "100", "0.5", "+Inf". */
    static String bound(double v) {
        if (Double.isInfinite(v)) {
            return "+Inf";
        }
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder cells = CounterSnapshot.builder().name(ECAL_VS_HCAL)
                .help("Complete events per (E_ECAL, E_HCAL) cell; ecal_le and hcal_le are the cell's upper bounds in MeV");
        for (int k = 0; k < cellLabels.length; k++) {
            cells.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(cellLabels[k]).value(spectra.ecalVsHcal[k].get()).build());
        }
        return MetricSnapshots.of(
                histogram(ECAL, "E_ECAL of complete events (ECAL preshower + main), MeV", EnergySpectra.CALORIMETER_BOUNDS_MEV, spectra.ecal),
                histogram(HCAL, "E_HCAL of complete events (all HCAL modules), MeV", EnergySpectra.CALORIMETER_BOUNDS_MEV, spectra.hcal),
                histogram(VETO, "E_VETO of complete events (mean of each veto counter's two PMTs, summed), MeV",
                        EnergySpectra.VETO_BOUNDS_MEV, spectra.veto),
                cells.build());
    }

    private static HistogramSnapshot histogram(String name, String help, double[] bounds, Counter[] counters) {
        long[] counts = new long[counters.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = counters[i].get();
        }
        return HistogramSnapshot.builder().name(name).help(help)
                .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts)).build())
                .build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(ECAL, HCAL, VETO, ECAL_VS_HCAL);
    }
}

package na64.daq.monitoring;

import na64.daq.testkit.PromText;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.pipeline.EnergySpectra;

class SpectraCollectorTest {
    @TempDir
    Path dir;

    @Test
    void energyHistogramsHaveTheFixedPhysicsBucketsAsCumulativeLeBuckets() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            EnergySpectra sp = f.pipeline.spectra();
            int b100gev = indexOf(EnergySpectra.CALORIMETER_BOUNDS_MEV, 100_000);
            sp.ecal[b100gev].add(80);           // electrons at the beam energy
            sp.ecal[indexOf(EnergySpectra.CALORIMETER_BOUNDS_MEV, 10_000)].add(5);
            sp.veto[indexOf(EnergySpectra.VETO_BOUNDS_MEV, 5)].add(3);

            PromText s = new PromText(m.scrape());
            assertThat(s.find("daq_energy_ecal_mev_bucket")).hasSize(EnergySpectra.CALORIMETER_BOUNDS_MEV.length);
            assertThat(s.value("daq_energy_ecal_mev_bucket", "le", "5000.0")).isEqualTo(0);
            assertThat(s.value("daq_energy_ecal_mev_bucket", "le", "10000.0")).isEqualTo(5);
            assertThat(s.value("daq_energy_ecal_mev_bucket", "le", "95000.0")).isEqualTo(5);
            assertThat(s.value("daq_energy_ecal_mev_bucket", "le", "100000.0")).isEqualTo(85);
            assertThat(s.value("daq_energy_ecal_mev_bucket", "le", "+Inf")).isEqualTo(85);
            assertThat(s.value("daq_energy_ecal_mev_count")).isEqualTo(85);
            assertThat(s.value("daq_energy_veto_mev_bucket", "le", "3.0")).isEqualTo(0);
            assertThat(s.value("daq_energy_veto_mev_bucket", "le", "5.0")).isEqualTo(3);
            assertThat(s.value("daq_energy_hcal_mev_count")).isEqualTo(0);
            assertThat(s.types).containsEntry("daq_energy_ecal_mev", "histogram");
        }
    }

    @Test
    void ecalVsHcalCellsAreOneSeriesPerCellLabelledWithBothUpperBounds() {
        try (Fixture f = new Fixture(dir); DaqMetrics m = new DaqMetrics(f.components, TestOwner.control(), 5)) {
            double[] b = EnergySpectra.CALORIMETER_BOUNDS_MEV;
            int e = indexOf(b, 40_000);
            int h = indexOf(b, 60_000);
            f.pipeline.spectra().ecalVsHcal[e * b.length + h].add(7);

            PromText s = new PromText(m.scrape());
            assertThat(s.find("daq_energy_ecal_vs_hcal_events_total")).hasSize(b.length * b.length);
            assertThat(s.value("daq_energy_ecal_vs_hcal_events_total", "ecal_le", "40000", "hcal_le", "60000")).isEqualTo(7);
            assertThat(s.value("daq_energy_ecal_vs_hcal_events_total", "ecal_le", "60000", "hcal_le", "40000")).isEqualTo(0);
            assertThat(s.sum("daq_energy_ecal_vs_hcal_events_total")).isEqualTo(7);
            assertThat(s.find("daq_energy_ecal_vs_hcal_events_total", "ecal_le", "+Inf", "hcal_le", "+Inf")).hasSize(1);
        }
    }

    @Test
    void boundLabelsAreShortNumbers() {
        assertThat(SpectraCollector.bound(100)).isEqualTo("100");
        assertThat(SpectraCollector.bound(0.5)).isEqualTo("0.5");
        assertThat(SpectraCollector.bound(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    private static int indexOf(double[] bounds, double v) {
        for (int i = 0; i < bounds.length; i++) {
            if (bounds[i] == v) {
                return i;
            }
        }
        throw new IllegalArgumentException("no bound " + v);
    }
}

package na64.daq.app.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import na64.daq.emulator.AcceptanceStudy;
import na64.daq.emulator.BinomialEstimate;
import na64.daq.emulator.EventKind;
import na64.daq.emulator.PhysicsMix;

/**
 * {@code efficiency.json} of {@code daq efficiency}: one entry per A′ mass and one per background
 * kind, each with its counts, the fraction and its central 68.27 % Clopper–Pearson interval.
 * <pre>
 * {"config_hash": "…", "seed": 1, "encoding": "waveform", "confidence_level": 0.6827,
 *  "signal":     [{"mass_mev", "events", "accepted", "efficiency", "ci_low", "ci_high"}],
 *  "background": [{"kind", "share_of_beam", "events", "accepted", "efficiency", "ci_low", "ci_high"}]}
 * </pre>
 */
final class EfficiencyJson {
    static final String FILE = "efficiency.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Signal(@JsonProperty("mass_mev") double massMeV, long events, long accepted, double efficiency,
                  @JsonProperty("ci_low") double ciLow, @JsonProperty("ci_high") double ciHigh) {
    }

    record Background(String kind, @JsonProperty("share_of_beam") double shareOfBeam, long events, long accepted,
                      double efficiency, @JsonProperty("ci_low") double ciLow, @JsonProperty("ci_high") double ciHigh) {
    }

    record Report(@JsonProperty("config_hash") String configHash, long seed, String encoding,
                  @JsonProperty("confidence_level") double confidenceLevel, List<Signal> signal,
                  List<Background> background) {
    }

    private EfficiencyJson() {
    }

    static Report report(EfficiencyStudy.Outcome o) {
        List<Signal> signal = new ArrayList<>();
        for (AcceptanceStudy.SignalSample s : o.result().signals()) {
            BinomialEstimate e = s.efficiency();
            signal.add(new Signal(s.massMeV(), e.total(), e.passed(), e.value(), e.ciLow(), e.ciHigh()));
        }
        List<Background> background = new ArrayList<>();
        PhysicsMix mix = PhysicsMix.defaults();
        for (Map.Entry<EventKind, BinomialEstimate> k : o.result().background().byKind().entrySet()) {
            BinomialEstimate b = k.getValue();
            background.add(new Background(k.getKey().label(), EfficiencyStudy.share(mix, k.getKey()), b.total(),
                    b.passed(), b.value(), b.ciLow(), b.ciHigh()));
        }
        return new Report(o.config().hash(), o.request().seed(), o.request().encoding().name().toLowerCase(Locale.ROOT),
                BinomialEstimate.ONE_SIGMA, signal, background);
    }

    static void write(EfficiencyStudy.Outcome o, Path file) throws IOException {
        JSON.writeValue(file.toFile(), report(o));
    }
}

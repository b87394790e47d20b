package na64.daq.app.reliability;

import java.util.Locale;

import na64.daq.config.ConfigLoader;
import na64.daq.config.RunConfig;
import na64.daq.emulator.EmulatorResult;
import na64.daq.emulator.Encoding;
import na64.daq.emulator.FrontEndEmulator;
import na64.daq.emulator.Pacing;
import na64.daq.emulator.SimulationSettings;
import na64.daq.emulator.SourceStats;
import na64.daq.emulator.GeneratedSpill;

/**
 * The front-ends of {@code scripts/soak.sh}: the emulator's five sources streaming spills to a
 * running {@code daq serve}, paced at a given trigger rate ({@code --rate HZ}) or flat out
 * ({@code --rate max}, used to measure the maximum the machine sustains). Not a test: a main run
 * from the test classpath. Its last line is
 * {@code feeder: spills=S triggers=T frames=F bytes=B seconds=X rate_hz=R ok=true|false}, which the
 * script compares with what the service counted.
 *
 * <pre>
 *   SoakFeeder HOST:PORT --rate HZ|max --seconds T [--events-per-spill N] [--gap-ms G]
 *              [--encoding peak|waveform] [--run R] [--seed S]
 * </pre>
 */
public final class SoakFeeder {
    private SoakFeeder() {
    }

    public static void main(String[] args) throws Exception {
        String to = args[0];
        String rate = "max";
        double seconds = 60;
        int eventsPerSpill = 20_000;
        long gapMs = 1000;
        Encoding encoding = Encoding.PEAK;
        long run = 1;
        long seed = 6;
        for (int i = 1; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--rate" -> rate = v;
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--events-per-spill" -> eventsPerSpill = Integer.parseInt(v);
                case "--gap-ms" -> gapMs = Long.parseLong(v);
                case "--encoding" -> encoding = Encoding.valueOf(v.toUpperCase(Locale.ROOT));
                case "--run" -> run = Long.parseLong(v);
                case "--seed" -> seed = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        boolean max = rate.equals("max");
        double hz = max ? 1_000_000 : Double.parseDouble(rate);
        // Spills at the given rate plus the gap fill the duration; flat out, the duration is a budget of events.
        double spillSeconds = eventsPerSpill / hz + gapMs / 1e3;
        int spills = (int) Math.max(1, Math.ceil(seconds / spillSeconds));
        RunConfig config = ConfigLoader.loadDefault();
        SimulationSettings settings = SimulationSettings.defaults().withSeed(seed).withRun(run).withSpills(spills)
                .withEventsPerSpill(eventsPerSpill).withRateHz(hz).withEncoding(encoding)
                .withZeroSuppression(encoding == Encoding.PEAK)
                .withPacing(max ? Pacing.MAX_SPEED : Pacing.REALTIME).withSpillGapNs(gapMs * 1_000_000L);
        int colon = to.lastIndexOf(':');
        System.out.printf(Locale.ROOT, "feeder: %d spills of %d %s triggers at %s Hz to %s%n", spills, eventsPerSpill,
                encoding, max ? "max" : rate, to);
        EmulatorResult r = new FrontEndEmulator(settings, config, to.substring(0, colon),
                Integer.parseInt(to.substring(colon + 1))).run();
        long triggers = r.spills().stream().mapToLong(GeneratedSpill::triggers).sum();
        for (SourceStats s : r.sources()) {
            if (!s.ok()) {
                System.out.println("feeder: source " + s.sourceId() + " failed: " + s.error());
            }
        }
        double elapsed = r.elapsedNanos() / 1e9;
        System.out.printf(Locale.ROOT, "feeder: spills=%d triggers=%d frames=%d bytes=%d seconds=%.1f rate_hz=%.0f ok=%s%n",
                r.spills().size(), triggers, r.totalFrames(), r.totalBytes(), elapsed, triggers / elapsed, r.ok());
        System.exit(r.ok() ? 0 : 1);
    }
}

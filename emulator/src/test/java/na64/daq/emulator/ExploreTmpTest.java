package na64.daq.emulator;

import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.trigger.Energies;
import na64.daq.trigger.Reconstructor;
import na64.daq.trigger.Selector;
import org.junit.jupiter.api.Test;

import java.util.*;

class ExploreTmpTest {
    @Test
    void explore() {
        RunConfig cfg = TestConfigs.reference();
        for (Encoding enc : Encoding.values()) {
        SimulationSettings s = SimulationSettings.defaults().withEventsPerSpill(20000).withEncoding(enc)
                .withPhysics(new PhysicsMix(0.2, 0.1, 0.1, 0.1, 0.1)).withAprimeMassMeV(16.7);
        long t0 = System.nanoTime();
        SpillData d = new SpillGenerator(s, cfg).generate(1, 0);
        System.out.printf("%s gen %.1f ms, %d bytes%n", enc, (System.nanoTime() - t0) / 1e6, d.totalBytes());
        Reconstructor rec = new Reconstructor(cfg);
        Selector sel = new Selector(cfg);
        Energies e = new Energies();
        Map<EventKind, List<double[]>> by = new EnumMap<>(EventKind.class);
        Map<EventKind, int[]> acc = new EnumMap<>(EventKind.class);
        new OfflineEventBuilder().build(d, new EventVisitor() {
            public void beginEvent(long ev, int tt, long time) { e.clear(); }
            public void fragment(int src, FragmentFlyweight f) { rec.add(src, f, e); }
            public void endEvent(long ev, boolean complete, boolean mis) {
                EventKind k = d.truth().kind(ev);
                by.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[]{e.ps(), e.ecal(), e.hcal(), e.veto(), e.srd(), d.truth().x(ev)});
                int m = sel.select(ev, d.truth().triggerType(ev), complete, mis, e);
                acc.computeIfAbsent(k, x -> new int[2])[0]++;
                if ((m & 1) != 0) acc.get(k)[1]++;
            }
        });
        for (var en : by.entrySet()) {
            List<double[]> l = en.getValue();
            StringBuilder sb = new StringBuilder(en.getKey() + " n=" + l.size() + " acc=" + acc.get(en.getKey())[1]);
            String[] names = {"ps", "ecal", "hcal", "veto", "srd"};
            for (int q = 0; q < 5; q++) {
                double[] v = l.stream().mapToDouble(a -> a[0]).toArray();
                final int qq = q;
                v = l.stream().mapToDouble(a -> a[qq]).sorted().toArray();
                sb.append(String.format(" %s[p5 %.1f p50 %.1f p95 %.1f]", names[q], v[(int)(v.length*0.05)], v[v.length/2], v[(int)(v.length*0.95)]));
            }
            System.out.println(sb);
        }
        List<double[]> sig = by.get(EventKind.SIGNAL);
        double[] edges = {0, 0.2, 0.4, 0.5, 0.6, 0.8, 0.9, 0.95, 0.98, 1.0};
        for (int b = 0; b + 1 < edges.length; b++) {
            int n = 0, k = 0;
            for (double[] a : sig) {
                if (a[5] >= edges[b] && a[5] < edges[b+1]) {
                    n++;
                    if (a[4] >= 1 && a[4] <= 120 && a[0] >= 300 && a[1] < 50000 && a[2] < 1000 && a[3] < 2) k++;
                }
            }
            System.out.printf("x [%.2f,%.2f): %d/%d%n", edges[b], edges[b+1], k, n);
        }
        }
    }
}

package na64.daq.emulator;

import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;

import java.util.ArrayList;
import java.util.List;

/** One spill's events as the service's trigger code sees them, with the emulator's truth, for the tests. */
record Reconstructed(long event, EventKind kind, double x, int triggerType, boolean complete, boolean misaligned,
                     double ps, double ecal, double hcal, double veto, double srd, int streams) {

    /** Builds, reconstructs and selects every event of {@code spill}. */
    static List<Reconstructed> of(SpillData spill, RunConfig config) {
        ServiceTriggerModel model = new ServiceTriggerModel(config);
        List<Reconstructed> out = new ArrayList<>();
        new OfflineEventBuilder().build(spill, new EventVisitor() {
            int type;

            @Override
            public void beginEvent(long event, int triggerType, long triggerTimeNs) {
                model.beginEvent();
                type = triggerType;
            }

            @Override
            public void fragment(int sourceId, FragmentFlyweight fragment) {
                model.add(sourceId, fragment);
            }

            @Override
            public void endEvent(long event, boolean complete, boolean misaligned) {
                int mask = model.select(event, type, complete, misaligned);
                var e = model.energies();
                out.add(new Reconstructed(event, spill.truth().kind(event), spill.truth().x(event), type, complete,
                        misaligned, e.ps(), e.ecal(), e.hcal(), e.veto(), e.srd(), mask));
            }
        });
        return out;
    }

    boolean invisible() {
        return (streams & TriggerModel.INVISIBLE) != 0;
    }
}

package na64.daq.emulator;

import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.trigger.Energies;
import na64.daq.trigger.Reconstructor;
import na64.daq.trigger.Selector;

/** The service's trigger code behind the emulator's {@link TriggerModel} door, for the tests. */
final class TriggerLogicModel implements TriggerModel {
    private final Reconstructor reconstructor;
    private final Selector selector;
    final Energies energies = new Energies();

    TriggerLogicModel(RunConfig config) {
        reconstructor = new Reconstructor(config);
        selector = new Selector(config);
    }

    @Override
    public void beginEvent() {
        energies.clear();
    }

    @Override
    public void add(int sourceId, FragmentFlyweight fragment) {
        reconstructor.add(sourceId, fragment, energies);
    }

    @Override
    public int select(long event, int triggerType, boolean complete, boolean misaligned) {
        return selector.select(event, triggerType, complete, misaligned, energies);
    }

    @Override
    public double ecal() {
        return energies.ecal();
    }

    @Override
    public double hcal() {
        return energies.hcal();
    }
}

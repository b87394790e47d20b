package na64.daq.emulator;

import na64.daq.config.RunConfig;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.trigger.Energies;
import na64.daq.trigger.Reconstructor;
import na64.daq.trigger.Selector;

/**
 * The service's own reconstruction and selection (trigger-logic's {@link Reconstructor} and
 * {@link Selector}) behind the emulator's {@link TriggerModel}, so the efficiency study judges
 * emulated events with the code the service runs (also the emulator's tests). Single-threaded.
 */
public final class ServiceTriggerModel implements TriggerModel {
    private final Reconstructor reconstructor;
    private final Selector selector;
    private final Energies energies = new Energies();

    public ServiceTriggerModel(RunConfig config) {
        this.reconstructor = new Reconstructor(config);
        this.selector = new Selector(config);
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

    /** The current event's energies. */
    public Energies energies() {
        return energies;
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

package na64.daq.ingest;

import na64.daq.pipeline.RunGate;

/**
 * The one place where ingest asks run control whether a run is being taken (issue 12). While the
 * {@link RunGate} is closed, front-ends stay connected and their frames are read and counted as
 * usual, but FRAGMENT and BEGIN/END_OF_SPILL frames are not put into the ring: they are counted per
 * source as taken outside a run ({@code outside_run}) before any other check, so none is built and
 * none is lost silently. One volatile read per such frame; ingest thread only.
 */
final class OutsideRun {
    private final RunGate gate;
    private final IngestCounters counters;

    OutsideRun(RunGate gate, IngestCounters counters) {
        this.gate = gate;
        this.counters = counters;
    }

    /** True (and counted) when a FRAGMENT of {@code sourceId} arrives while no run is taken. */
    boolean fragment(int sourceId) {
        if (gate.isOpen()) {
            return false;
        }
        counters.fragmentsOutsideRun[counters.indexOf(sourceId)].increment();
        return true;
    }

    /** True (and counted) when a BEGIN/END_OF_SPILL of {@code sourceId} arrives while no run is taken. */
    boolean marker(int sourceId) {
        if (gate.isOpen()) {
            return false;
        }
        counters.markersOutsideRun[counters.indexOf(sourceId)].increment();
        return true;
    }
}

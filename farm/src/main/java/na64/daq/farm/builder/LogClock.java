package na64.daq.farm.builder;

import na64.daq.pipeline.NanoClock;

/**
 * A partition builder's clock: the latest readout pipeline time seen in the partition's records.
 * Time moves only as the log moves (the readout sends TICKs to every partition), so a builder
 * that catches up on a backlog, or rebuilds after a takeover, times events out exactly as the
 * readout's clock says, never because Kafka was slow. One thread reads and writes it.
 */
final class LogClock implements NanoClock {
    private long now = Long.MIN_VALUE / 2;

    void advance(long t) {
        if (t > now) {
            now = t;
        }
    }

    @Override
    public long nanoTime() {
        return now;
    }
}

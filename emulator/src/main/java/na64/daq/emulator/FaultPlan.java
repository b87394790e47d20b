package na64.daq.emulator;

/**
 * Draws, trigger by trigger, which source (if any) suffers each per-trigger fault. Within one
 * trigger the faults hit distinct sources, so each is seen on its own (a duplicate of a fragment
 * with a corrupt CRC would otherwise count as a first arrival). Faults draw from their own random
 * stream, so asking for faults never changes the physics or the noise.
 */
final class FaultPlan {
    private final FaultRates rates;
    private final Rng rng;
    private final int[] sources;
    /** Source id that skips, corrupts, duplicates, reconnects at the current trigger; 0 for none. */
    int missing;
    int crc;
    int duplicate;
    int reconnect;

    FaultPlan(FaultRates rates, Rng rng, int[] sources) {
        this.rates = rates;
        this.rng = rng;
        this.sources = sources;
    }

    /** The source that never ends this spill, or 0. Call once, before the first trigger. */
    int drawNoEnd() {
        return rates.noend() > 0 && rng.uniform() < rates.noend() ? sources[rng.nextInt(sources.length)] : 0;
    }

    /** Draws the faults of the next trigger. */
    void next() {
        missing = 0;
        crc = 0;
        duplicate = 0;
        reconnect = 0;
        if (!rates.any()) {
            return;
        }
        if (rates.missing() > 0 && rng.uniform() < rates.missing()) {
            missing = pick(true);
        }
        if (rates.crc() > 0 && rng.uniform() < rates.crc()) {
            crc = pick(false);
        }
        if (rates.duplicate() > 0 && rng.uniform() < rates.duplicate()) {
            duplicate = pick(false);
        }
        if (rates.reconnect() > 0 && rng.uniform() < rates.reconnect()) {
            reconnect = pick(false);
        }
    }

    /** A source not yet faulted at this trigger; the trigger unit (first in {@code sources}) is excluded when asked. */
    private int pick(boolean digitizersOnly) {
        int first = digitizersOnly ? 1 : 0;
        while (true) {
            int id = sources[first + rng.nextInt(sources.length - first)];
            if (id != missing && id != crc && id != duplicate && id != reconnect) {
                return id;
            }
        }
    }
}

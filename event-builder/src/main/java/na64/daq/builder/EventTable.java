package na64.daq.builder;

import na64.daq.pipeline.FragmentArenas;

/**
 * The bounded table of events being assembled. Slots are pre-allocated; an event's slot is found
 * by hashing its key, so consecutive event numbers of a spill land in consecutive slots and a
 * lookup is one array access. A FIFO of (slot, generation) pairs remembers activation order, so
 * the oldest event, the first to time out, is always at its head. Builder thread only.
 */
final class EventTable {
    private final EventSlot[] slots;
    private final int mask;
    private final int[] fifoSlot;
    private final int[] fifoGeneration;
    private final int fifoMask;
    private long head;
    private long tail;
    private int active;

    EventTable(int capacity, int[] sourceIds, FragmentArenas arenas) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        slots = new EventSlot[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new EventSlot(sourceIds, arenas);
        }
        mask = capacity - 1;
        // Twice the slots: stale entries of events released out of order wait behind the head.
        fifoSlot = new int[capacity * 2];
        fifoGeneration = new int[capacity * 2];
        fifoMask = capacity * 2 - 1;
    }

    /** The slot where key (run, spill, event) lives or would live. */
    EventSlot slotFor(long run, long spill, long event) {
        return slots[index(run, spill, event)];
    }

    private int index(long run, long spill, long event) {
        // Event numbers are dense within a spill: keep them adjacent, and offset spills by a large odd stride.
        return (int) ((event + spill * 0x9E3779B1L + run * 0x85EBCA77L) & mask);
    }

    /** Records the activation of {@code slot}; returns false when the FIFO is full and the head must go first. */
    boolean enqueue(EventSlot slot) {
        if (tail - head == fifoSlot.length) {
            return false;
        }
        int i = (int) (tail & fifoMask);
        fifoSlot[i] = index(slot.run, slot.spill, slot.event);
        fifoGeneration[i] = slot.generation;
        tail++;
        active++;
        return true;
    }

    /** The oldest still-active event, dropping stale FIFO entries; {@code null} if none. */
    EventSlot head() {
        while (head < tail) {
            int i = (int) (head & fifoMask);
            EventSlot s = slots[fifoSlot[i]];
            if (s.active && s.generation == fifoGeneration[i]) {
                return s;
            }
            head++;
        }
        return null;
    }

    /** Removes the head returned by {@link #head()}. */
    void popHead() {
        head++;
    }

    void released() {
        active--;
    }

    /** Events currently being assembled. */
    int active() {
        return active;
    }

    /** Forgets the keys of released events (a new run begins with no event in flight). */
    void forgetReleased() {
        for (EventSlot s : slots) {
            s.forgetReleased();
        }
    }

    int capacity() {
        return slots.length;
    }

    EventSlot slot(int i) {
        return slots[i];
    }
}

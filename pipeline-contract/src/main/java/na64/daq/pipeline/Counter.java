package na64.daq.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter with exactly one writer thread and any number of readers. The writer bumps it with a
 * plain add and an opaque store (no fence, no CAS, no allocation); readers such as Micrometer's
 * {@code FunctionCounter} see a recent value through an opaque load. Never call {@link #increment}
 * from two threads.
 */
public final class Counter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private long value;

    /** Adds one. Writer thread only. */
    public void increment() {
        add(1);
    }

    /** Adds {@code delta}. Writer thread only. */
    public void add(long delta) {
        VALUE.setOpaque(this, (long) VALUE.get(this) + delta);
    }

    /** Sets the value (for gauges such as "last event number"). Writer thread only. */
    public void set(long v) {
        VALUE.setOpaque(this, v);
    }

    /** The current value, from any thread. */
    public long get() {
        return (long) VALUE.getOpaque(this);
    }

    /** The value as a double, for Micrometer function meters. */
    public double doubleValue() {
        return get();
    }

    @Override
    public String toString() {
        return Long.toString(get());
    }
}

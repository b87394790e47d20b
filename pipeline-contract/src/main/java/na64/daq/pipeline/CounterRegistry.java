package na64.daq.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import na64.daq.config.RunConfig;

/**
 * The service's counters and what they are, in one place (after Agrona's {@code CountersManager}):
 * each stage allocates its {@link Counter}s here by {@link CounterDescriptor} when it is built, and
 * keeps the references to bump them on its hot thread (one writer per counter, no allocation);
 * monitoring walks {@link #entries()} and exports each from its descriptor, knowing no stage.
 *
 * <p>Per-source counters come as an array indexed by the source's dense index (the order of the
 * configured sources); index {@link #sourceCount()} is the unattributed bucket, so a stage may index
 * with {@link #indexOf(int)} for any id. The unattributed counter is registered (exported) only when
 * the descriptor's scope is {@link CounterDescriptor.Scope#SOURCE_AND_UNATTRIBUTED}; otherwise it is a
 * scratch counter nobody reads (a connection before its HELLO, say). Each (descriptor, source, label)
 * may be allocated once. Allocation and the read methods lock; counters are read without it.
 *
 * <p>The registry also holds the service's {@link DistinctErrorLog}, which counts into it.
 */
public final class CounterRegistry {
    /** The {@code source} label of the unattributed bucket. */
    public static final String UNATTRIBUTED = "unattributed";

    /**
     * One allocated counter: its id (allocation order), descriptor, dense source index (-1 when
     * global), source label (null when global), second label value (null when none) and the counter.
     */
    public record Registered(int id, CounterDescriptor descriptor, int sourceIndex, String source, String label,
                             Counter counter) {
    }

    private final int[] sourceIds;
    /** Source id to dense index; ids past its end and unknown ids map to the unattributed index. */
    private final int[] index;
    private final List<Registered> all = new ArrayList<>();
    private final Map<CounterDescriptor, List<Registered>> byDescriptor = new EnumMap<>(CounterDescriptor.class);
    private final Set<String> keys = new HashSet<>();
    private final DistinctErrorLog errorLog;

    /** A registry for the sources of {@code config}, its error log on the system clock. */
    public CounterRegistry(RunConfig config) {
        this(config.sources().stream().mapToInt(RunConfig.SourceConfig::id).toArray());
    }

    /** A registry with no sources (a stage that counts only globally, such as the store alone). */
    public CounterRegistry() {
        this(new int[0]);
    }

    /** A registry for sources {@code sourceIds} (in dense-index order). */
    public CounterRegistry(int[] sourceIds) {
        this(sourceIds, System::currentTimeMillis, DistinctErrorLog.DEFAULT_CAPACITY);
    }

    /** As {@link #CounterRegistry(int[])}, the error log keeping {@code errorCapacity} distinct errors dated by {@code epochMillis}. */
    public CounterRegistry(int[] sourceIds, LongSupplier epochMillis, int errorCapacity) {
        this.sourceIds = sourceIds.clone();
        int max = -1;
        for (int id : sourceIds) {
            max = Math.max(max, id);
        }
        this.index = new int[max + 1];
        Arrays.fill(index, sourceIds.length);
        for (int i = 0; i < sourceIds.length; i++) {
            index[sourceIds[i]] = i;
        }
        this.errorLog = new DistinctErrorLog(this, errorCapacity, epochMillis);
    }

    /** Number of configured sources; index {@code sourceCount()} is the unattributed bucket. */
    public int sourceCount() {
        return sourceIds.length;
    }

    /** Source id at dense index {@code i}; 0 for the unattributed bucket. */
    public int sourceId(int i) {
        return i < sourceIds.length ? sourceIds[i] : 0;
    }

    /** Dense index of {@code sourceId}, or the unattributed index for an id no source has. */
    public int indexOf(int sourceId) {
        return sourceId >= 0 && sourceId < index.length ? index[sourceId] : sourceIds.length;
    }

    /** The {@code source} label of dense index {@code i}: the source id, or {@value #UNATTRIBUTED}. */
    public String sourceLabel(int i) {
        return i < sourceIds.length ? Integer.toString(sourceIds[i]) : UNATTRIBUTED;
    }

    /** The service's distinct error log. */
    public DistinctErrorLog errorLog() {
        return errorLog;
    }

    /** The one counter of global descriptor {@code d} (no second label). */
    public Counter counter(CounterDescriptor d) {
        require(d, true, false);
        return register(d, -1, null);
    }

    /** One counter of global descriptor {@code d} per value of its second label, in the order given. */
    public Counter[] labelled(CounterDescriptor d, String... labels) {
        require(d, true, true);
        Counter[] c = new Counter[labels.length];
        for (int k = 0; k < labels.length; k++) {
            c[k] = register(d, -1, labels[k]);
        }
        return c;
    }

    /** One counter of per-source descriptor {@code d} per dense source index, the unattributed bucket last. */
    public Counter[] perSource(CounterDescriptor d) {
        require(d, false, false);
        Counter[] c = new Counter[sourceIds.length + 1];
        for (int i = 0; i < c.length; i++) {
            c[i] = source(d, i, null);
        }
        return c;
    }

    /** As {@link #perSource(CounterDescriptor)}, one per value of the second label: {@code [source][label]}. */
    public Counter[][] perSource(CounterDescriptor d, String... labels) {
        require(d, false, true);
        Counter[][] c = new Counter[sourceIds.length + 1][labels.length];
        for (int i = 0; i < c.length; i++) {
            for (int k = 0; k < labels.length; k++) {
                c[i][k] = source(d, i, labels[k]);
            }
        }
        return c;
    }

    private Counter source(CounterDescriptor d, int i, String label) {
        boolean exported = i < sourceIds.length || d.scope() == CounterDescriptor.Scope.SOURCE_AND_UNATTRIBUTED;
        return exported ? register(d, i, label) : new Counter();
    }

    private static void require(CounterDescriptor d, boolean global, boolean labelled) {
        if ((d.scope() == CounterDescriptor.Scope.GLOBAL) != global || (d.labelName() != null) != labelled) {
            throw new IllegalArgumentException(d + " is " + d.scope() + (d.labelName() == null ? " without" : " with")
                    + " a second label; allocate it with the matching method");
        }
    }

    private synchronized Counter register(CounterDescriptor d, int sourceIndex, String label) {
        String source = sourceIndex < 0 ? null : sourceLabel(sourceIndex);
        if (!keys.add(d + "/" + source + "/" + label)) {
            throw new IllegalStateException(d + " for source " + source + " and label " + label + " is already allocated");
        }
        Counter c = new Counter();
        Registered r = new Registered(all.size(), d, sourceIndex, source, label, c);
        all.add(r);
        byDescriptor.computeIfAbsent(d, k -> new ArrayList<>()).add(r);
        return c;
    }

    /** Every registered counter, in allocation order. */
    public synchronized List<Registered> entries() {
        return List.copyOf(all);
    }

    /** The registered counters of {@code d}, in allocation order (empty when no stage allocated it). */
    public synchronized List<Registered> entries(CounterDescriptor d) {
        List<Registered> l = byDescriptor.get(d);
        return l == null ? List.of() : List.copyOf(l);
    }

    /** The sum of every registered counter of {@code d} (0 when none is). */
    public synchronized long value(CounterDescriptor d) {
        long t = 0;
        for (Registered r : byDescriptor.getOrDefault(d, List.of())) {
            t += r.counter().get();
        }
        return t;
    }

    /** The sum of the registered counters of {@code d} for dense source index {@code i}, over its second label. */
    public synchronized long value(CounterDescriptor d, int i) {
        long t = 0;
        for (Registered r : byDescriptor.getOrDefault(d, List.of())) {
            t += r.sourceIndex() == i ? r.counter().get() : 0;
        }
        return t;
    }

    /** The registered counter of {@code d} for dense source index {@code i} (-1: global) and {@code label}, or null. */
    public synchronized Counter find(CounterDescriptor d, int i, String label) {
        for (Registered r : byDescriptor.getOrDefault(d, List.of())) {
            if (r.sourceIndex() == i && java.util.Objects.equals(r.label(), label)) {
                return r.counter();
            }
        }
        return null;
    }
}

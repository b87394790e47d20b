package na64.daq.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import na64.daq.emulator.Encoding;
import na64.daq.protocol.FragmentFlyweight;
import na64.daq.trigger.Energies;
import na64.daq.trigger.Reconstructor;
import na64.daq.trigger.Selector;

/**
 * Online reconstruction and selection of one event (spec §7, §8), the trigger part of the builder
 * step alone: {@link Reconstructor#add} for each of the event's five fragments into a cleared
 * {@link Energies}, then {@link Selector#select} with the trigger unit's event number and trigger
 * type. Cycles through the events of the reference load; one invocation is one event.
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=5"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReconstructionBenchmark {
    static final int EVENTS = 2048;

    @Param({"PEAK", "WAVEFORM"})
    public Encoding encoding;

    private byte[][] payloads;
    private int[] sourceIds;
    private int sources;
    private int cursor;
    private Reconstructor reconstructor;
    private Selector selector;
    private final Energies energies = new Energies();
    private final FragmentFlyweight fragment = new FragmentFlyweight();
    private final long[] acceptedPerStream = new long[Integer.SIZE];

    @Setup(Level.Trial)
    public void setUp() {
        ReferenceLoad load = ReferenceLoad.generate(encoding, EVENTS);
        System.out.println(load.describe());
        payloads = load.payloads;
        sourceIds = load.sourceIds;
        sources = load.sources();
        reconstructor = new Reconstructor(load.config);
        selector = new Selector(load.config);
    }

    /** Reconstructs and selects the next event; returns its stream mask. */
    @Benchmark
    public int event() {
        int e = cursor;
        cursor = e + 1 == EVENTS ? 0 : e + 1;
        Energies en = energies;
        en.clear();
        int base = e * sources;
        long eventNumber = 0;
        int triggerType = 0;
        for (int i = 0; i < sources; i++) {
            byte[] p = payloads[base + i];
            FragmentFlyweight f = fragment.wrap(p, 0, p.length);
            if (i == 0) {
                // The trigger unit's fragment (first) is the authority on number and type (spec §4).
                eventNumber = f.event();
                triggerType = f.triggerType();
            }
            reconstructor.add(sourceIds[i], f, en);
        }
        int mask = selector.select(eventNumber, triggerType, true, false, en);
        return mask;
    }

    /** Prints what the selection did with the load, so a run shows it measured real decisions. */
    @TearDown(Level.Trial)
    public void report() {
        for (int e = 0; e < EVENTS; e++) {
            cursor = e;
            int mask = event();
            for (int b = 0; b < Integer.SIZE; b++) {
                if ((mask & (1 << b)) != 0) {
                    acceptedPerStream[b]++;
                }
            }
        }
        System.out.printf("selection over the %d events: invisible=%d random=%d calibration=%d%n",
                EVENTS, acceptedPerStream[0], acceptedPerStream[1], acceptedPerStream[2]);
    }
}

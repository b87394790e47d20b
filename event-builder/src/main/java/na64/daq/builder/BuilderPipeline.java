package na64.daq.builder;

import org.HdrHistogram.SingleWriterRecorder;

import na64.daq.pipeline.CloseReason;
import na64.daq.pipeline.BuiltEventSink;
import na64.daq.pipeline.CounterRegistry;
import na64.daq.pipeline.EnergySpectra;
import na64.daq.pipeline.PipelineStatus;
import na64.daq.pipeline.FragmentArenas;
import na64.daq.pipeline.IngestEntry;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.LiteTimeoutBlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.pipeline.Deadline;
import na64.daq.pipeline.NanoClock;
import na64.daq.config.RunConfig;

/**
 * The ring between ingest and the builder, and the builder's thread. The ring is pre-allocated
 * with {@link IngestEntry}s and has a single producer (the ingest event loop). The consumer is a
 * Disruptor {@link BatchEventProcessor} running {@link EventBuilder}, with a counting exception
 * handler installed that feeds the service's distinct error log. What monitoring reads of it is
 * {@link PipelineStatus}. Its wait strategy ({@link #defaultWaitStrategy()}) wakes it every 50 ms when
 * idle so timeouts fire without traffic, and signals only when the consumer actually sleeps.
 *
 * <p>{@link #stop(long)} drains: it waits until the builder has consumed everything published, halts
 * it, waits for its thread to end, then closes open spills as closed by shutdown. Each wait has one
 * deadline on the wall clock; when it passes, stop says so instead of hanging.
 */
public final class BuilderPipeline implements PipelineStatus, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BuilderPipeline.class);
    private static final long IDLE_WAKEUP_MS = 50;
    /** How long {@link #stop()} (without a deadline of its own) lets the ring drain and the thread end. */
    public static final long DEFAULT_STOP_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RingBuffer<IngestEntry> ring;
    private final EventBuilder builder;
    private final BatchEventProcessor<IngestEntry> processor;
    private final BuilderExceptionHandler exceptionHandler;
    private final Thread thread;
    /** Times the stop's deadline: the monotonic wall clock, which keeps running during backpressure. */
    private final NanoClock wallClock;
    private volatile boolean stopped;
    private volatile boolean stoppedInTime;

    /** A pipeline whose decision latency is measured on the system's monotonic clock. */
    public BuilderPipeline(RunConfig config, BuiltEventSink sink, NanoClock clock, LongSupplier wallClockNs) {
        this(config, sink, clock, NanoClock.SYSTEM, wallClockNs);
    }

    /**
     * A pipeline timing out on {@code clock} (the pipeline clock) and measuring decision latency on
     * {@code wallClock}, the monotonic clock ingest stamps its socket reads with.
     */
    public BuilderPipeline(RunConfig config, BuiltEventSink sink, NanoClock clock, NanoClock wallClock, LongSupplier wallClockNs) {
        this(config, sink, clock, wallClock, wallClockNs, defaultWaitStrategy(), r -> new Thread(r, "event-builder"),
                new CounterRegistry(config));
    }

    /** As above, allocating the builder's counters from the service's {@code counters}. */
    public BuilderPipeline(RunConfig config, BuiltEventSink sink, NanoClock clock, NanoClock wallClock, LongSupplier wallClockNs,
            CounterRegistry counters) {
        this(config, sink, clock, wallClock, wallClockNs, defaultWaitStrategy(), r -> new Thread(r, "event-builder"), counters);
    }

    /**
     * As above, with the consumer waiting for entries with {@code waitStrategy} (it must time out when
     * idle, as {@link #defaultWaitStrategy()} does, or build and spill timeouts only fire when entries
     * arrive) and running on a thread from {@code threads}; what the builder throws goes to the
     * registry's distinct error log.
     */
    public BuilderPipeline(RunConfig config, BuiltEventSink sink, NanoClock clock, NanoClock wallClock, LongSupplier wallClockNs,
                           WaitStrategy waitStrategy, ThreadFactory threads, CounterRegistry counters) {
        this.wallClock = wallClock;
        this.ring = RingBuffer.createSingleProducer(IngestEntry::new, config.builder().ringSize(), waitStrategy);
        this.builder = new EventBuilder(config, sink, clock, wallClock, wallClockNs, counters);
        this.processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), builder);
        this.exceptionHandler = new BuilderExceptionHandler(builder.counters(), counters.errorLog());
        this.processor.setExceptionHandler(exceptionHandler);
        ring.addGatingSequences(processor.getSequence());
        this.thread = threads.newThread(processor);
    }

    /** The consumer's wait: blocks when idle, wakes every 50 ms so timeouts fire without traffic. */
    public static WaitStrategy defaultWaitStrategy() {
        return new LiteTimeoutBlockingWaitStrategy(IDLE_WAKEUP_MS, TimeUnit.MILLISECONDS);
    }

    public void start() {
        thread.start();
    }

    /** The ring ingest publishes into (single producer). */
    public RingBuffer<IngestEntry> ring() {
        return ring;
    }

    /** The per-source payload arenas ingest copies fragments into. */
    public FragmentArenas arenas() {
        return builder.arenas();
    }

    public EventBuilder builder() {
        return builder;
    }

    public BuilderCounters counters() {
        return builder.counters();
    }

    @Override
    public int ringSize() {
        return ring.getBufferSize();
    }

    @Override
    public long ringRemainingCapacity() {
        return ring.remainingCapacity();
    }

    @Override
    public SingleWriterRecorder decisionLatencyNanos() {
        return builder.decision().latency;
    }

    @Override
    public EnergySpectra spectra() {
        return builder.decision().spectra;
    }

    /** Sequence the builder has consumed up to; monitoring alarms when it stops advancing under load. */
    @Override
    public long consumedSequence() {
        return processor.getSequence().get();
    }

    /** Sequence published up to. */
    @Override
    public long publishedSequence() {
        return ring.getCursor();
    }

    /** Whether the builder thread is alive. */
    @Override
    public boolean running() {
        return thread.isAlive();
    }

    /**
     * As {@link #stop(long)} with {@link #DEFAULT_STOP_NANOS}, saying in the log when the deadline passed;
     * throws if interrupted before the builder ended.
     */
    public void stop() throws InterruptedException {
        if (!stop(DEFAULT_STOP_NANOS)) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while stopping the event builder");
            }
            LOG.error("event builder did not drain and stop within {} ms", DEFAULT_STOP_NANOS / 1_000_000);
        }
    }

    /**
     * Drains the ring, stops the builder and closes open spills (closed by shutdown), all within
     * {@code timeoutNanos} on the wall clock. True when everything published was built and the
     * thread ended in time; false says the deadline passed (the caller reports it). When the ring
     * did not drain in time the builder is halted anyway (what was left in the ring is not built);
     * when its thread does not end (stuck in the sink), the open spills are left alone, since only
     * that thread may touch them. Idempotent: a second call returns the first one's answer.
     */
    public boolean stop(long timeoutNanos) {
        if (stopped) {
            return stoppedInTime;
        }
        stopped = true;
        boolean drained = true;
        if (thread.isAlive()) {
            Deadline deadline = new Deadline(wallClock, timeoutNanos);
            drained = deadline.await(() -> processor.getSequence().get() >= ring.getCursor() || !thread.isAlive());
            processor.halt();
            if (!deadline.await(() -> !thread.isAlive())) {
                return false; // the builder still runs: the open spills are its state, not ours
            }
        }
        builder.mailbox.abandon();
        closeOpenSpills();
        stoppedInTime = drained;
        return drained;
    }

    /**
     * Runs {@code task} on the builder thread, between two batches, once the builder has consumed
     * everything published up to {@code afterSequence} (e.g. {@link #publishedSequence()} when ingest
     * stopped publishing). The future fails if the builder stops first.
     */
    public java.util.concurrent.CompletableFuture<Void> runOnBuilder(long afterSequence, Runnable task) {
        return builder.mailbox.submit(afterSequence, task);
    }

    /**
     * Closes open spills as closed by shutdown on the stopping thread, where no Disruptor handler
     * runs: a failing event or summary is counted and logged like on the ring, and the rest still
     * close. Each failure has released its event (or removed its spill), so every retry progresses.
     */
    private void closeOpenSpills() {
        while (true) {
            try {
                builder.closeOpenSpills(CloseReason.SHUTDOWN);
                return;
            } catch (RuntimeException ex) {
                exceptionHandler.handleEventException(ex, -1, null);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    @Override
    public String configHashInUse() {
        return builder.configHashInUse();
    }

    @Override
    public long otherRunBeginsInRun() {
        return builder.runs().otherRunBeginsInRun.get();
    }

    @Override
    public long lastOtherRun() {
        return builder.runs().lastOtherRun.get();
    }
}

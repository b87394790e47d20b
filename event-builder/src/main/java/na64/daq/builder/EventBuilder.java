package na64.daq.builder;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

import com.lmax.disruptor.EventHandler;

import na64.daq.common.NanoClock;
import na64.daq.config.RunConfig;
import na64.daq.protocol.SpillMarkerFlyweight;
import na64.daq.store.CloseReason;
import na64.daq.store.SpillSummary;
import na64.daq.trigger.Selector;
import na64.daq.trigger.Streams;

/**
 * The event builder: the single consumer of the ingest ring. It assembles fragments into events by
 * (run, spill, event), sums their energies as fragments arrive (spec §7), and when an event is
 * complete, or can no longer complete, applies the selection (spec §8) and hands it to the
 * {@link EventSink}. It also keeps the per-spill accounting of spec §6 and closes spills.
 *
 * <p>An event is released <b>complete</b> when every configured source delivered its fragment, and
 * <b>incomplete</b> when a missing source can no longer send it (it ended the spill, moved to a
 * later spill, or already sent a later event number: sources send in increasing order) or when the
 * build timeout passed since its first fragment. Only the builder thread calls this class; time
 * comes from the injected {@link NanoClock}.
 */
public final class EventBuilder implements EventHandler<IngestEntry> {
    private final RunConfig config;
    private final EventSink sink;
    private final NanoClock clock;
    private final NanoClock wallClock;
    private final LongSupplier wallClockNs;
    private final FragmentArenas arenas;
    private final Selector selector;
    private final int[] sourceIds;
    private final int[] sourceIndex = new int[65536];
    private final int sourceCount;
    private final int triggerIndex;
    private final EventTable table;
    private final SpillRegistry spills;
    private final BuilderCounters counters;
    private final long buildTimeoutNanos;
    private final long spillTimeoutNanos;
    private final SpillMarkerFlyweight marker = new SpillMarkerFlyweight();
    private final SpillState[] overflow = new SpillState[1];

    /** A builder whose decision latency is measured on the system's monotonic clock. */
    public EventBuilder(RunConfig config, EventSink sink, NanoClock clock, LongSupplier wallClockNs) {
        this(config, sink, clock, NanoClock.SYSTEM, wallClockNs);
    }

    /**
     * A builder timing out events and spills on {@code clock} (the pipeline clock), measuring the
     * decision latency on {@code wallClock} (the monotonic clock ingest stamps its reads with, so
     * backpressure time counts), and dating spill summaries with {@code wallClockNs} (epoch ns).
     */
    public EventBuilder(RunConfig config, EventSink sink, NanoClock clock, NanoClock wallClock, LongSupplier wallClockNs) {
        this.config = config;
        this.sink = sink;
        this.clock = clock;
        this.wallClock = wallClock;
        this.wallClockNs = wallClockNs;
        this.arenas = new FragmentArenas(config);
        this.selector = new Selector(config);
        List<RunConfig.SourceConfig> sources = config.sources();
        this.sourceCount = sources.size();
        if (sourceCount > 64) {
            throw new IllegalArgumentException("the builder supports at most 64 sources, got " + sourceCount);
        }
        this.sourceIds = new int[sourceCount];
        Arrays.fill(sourceIndex, -1);
        for (int i = 0; i < sourceCount; i++) {
            sourceIds[i] = sources.get(i).id();
            sourceIndex[sourceIds[i]] = i;
        }
        this.triggerIndex = sourceIndex[config.triggerSourceId()];
        this.table = new EventTable(config.builder().maxInFlightEvents(), sourceIds, arenas);
        this.spills = new SpillRegistry(sourceCount, Streams.COUNT);
        this.counters = new BuilderCounters(sourceCount, Streams.COUNT);
        this.buildTimeoutNanos = config.builder().buildTimeoutMs() * 1_000_000L;
        this.spillTimeoutNanos = config.builder().spillTimeoutMs() * 1_000_000L;
    }

    @Override
    public void onEvent(IngestEntry entry, long sequence, boolean endOfBatch) {
        counters.entries.increment();
        try {
            switch (entry.kind) {
                case IngestEntry.FRAGMENT -> onFragment(entry);
                case IngestEntry.BEGIN_OF_SPILL -> onBeginOfSpill(entry);
                case IngestEntry.END_OF_SPILL -> onEndOfSpill(entry);
                case IngestEntry.PROTOCOL_ERROR -> onProtocolError(entry);
                default -> { }
            }
        } finally {
            if (endOfBatch) {
                poll(clock.nanoTime());
                sink.onBatchEnd();
            }
        }
    }

    @Override
    public void onTimeout(long sequence) {
        poll(clock.nanoTime());
    }

    /** Releases timed-out events and closes timed-out spills. Called at each batch end and on idle ticks. */
    public void poll(long nowNanos) {
        releaseReady(nowNanos);
        // Runs at every batch end, often once per fragment: walk the open spills in place, oldest first
        // (closing one removes it, so the next one moves to index k), not over a snapshot list.
        for (int k = 0; k < spills.openCount(); ) {
            SpillState sp = spills.open(k);
            if (nowNanos - sp.lastActivityNanos >= spillTimeoutNanos) {
                closeSpill(sp, CloseReason.TIMEOUT);
            } else {
                k++;
            }
        }
        counters.inFlight.set(table.active());
        counters.openSpills.set(spills.openCount());
    }

    /** Releases every event still being built and closes every open spill as closed by shutdown. */
    public void shutdown() {
        for (SpillState sp : spills.openSpills()) {
            closeSpill(sp, CloseReason.SHUTDOWN);
        }
        counters.inFlight.set(table.active());
        counters.openSpills.set(spills.openCount());
    }

    private void onFragment(IngestEntry e) {
        int i = sourceIndex[e.sourceId];
        if (i < 0) {
            return; // ingest refuses unconfigured sources at HELLO; nothing of theirs reaches the ring
        }
        counters.fragments.increment();
        counters.fragmentsPerSource[i].increment();
        FragmentArena arena = arenas.at(i);
        if (!assemble(i, e)) {
            arena.release(e.arenaOrdinal); // not part of an event: its bytes are not needed
        }
        EventSlot holder;
        while (arena.crowded(e.arenaOrdinal, e.arenaOffset + e.length) && (holder = arena.oldestHolder()) != null) {
            holder.evacuate(i);
            counters.evacuatedFragments.increment();
        }
        releaseReady(e.receivedNanos);
    }

    /** Adds a fragment to its event; false when it belongs to none (after close, duplicate, late). */
    private boolean assemble(int i, IngestEntry e) {
        long run = e.run;
        long spill = e.spill;
        long event = e.event;
        SpillState sp = spillFor(i, run, spill, e.receivedNanos);
        if (sp == null) {
            counters.fragmentsAfterSpillClose.increment();
            return false;
        }
        sp.fragmentsReceived++;
        sp.lastActivityNanos = e.receivedNanos;
        if (event <= sp.lastEvent[i]) {
            sp.duplicates++;
            counters.duplicates.increment();
            return false;
        }
        sp.lastEvent[i] = event;
        sp.maxEvent = Math.max(sp.maxEvent, event);
        counters.lastEventPerSource[i].set(event);
        EventSlot slot = table.slotFor(run, spill, event);
        if (slot.active && !slot.matches(run, spill, event)) {
            counters.evictedEvents.increment();
            release(slot, e.receivedNanos);
        }
        if (!slot.active) {
            if (slot.wasReleased(run, spill, event)) {
                sp.late++;
                counters.lateFragments.increment();
                return false;
            }
            slot.activate(run, spill, event, sp, e.receivedNanos);
            sp.inFlight++;
            while (!table.enqueue(slot)) {
                // head() drops released entries first; if they filled the whole FIFO it is now empty.
                EventSlot head = table.head();
                if (head != null) {
                    table.popHead();
                    counters.evictedEvents.increment();
                    release(head, e.receivedNanos);
                }
            }
        }
        slot.add(i, e);
        slot.flags |= e.flags;
        if (i == triggerIndex) {
            slot.triggerType = e.triggerType;
            slot.triggerTime = e.triggerTime;
            slot.haveTriggerUnit = true;
        } else {
            slot.digitizerSaw(e.triggerTime, e.triggerType);
        }
        if (slot.presentCount == sourceCount) {
            release(slot, e.receivedNanos);
        }
        return true;
    }

    /** The open spill a BEGIN/END_OF_SPILL entry names (its marker left in {@link #marker}), or null. */
    private SpillState markedSpill(IngestEntry e) {
        int i = sourceIndex[e.sourceId];
        if (i < 0) {
            return null;
        }
        SpillMarkerFlyweight m = marker.wrap(e.payload, 0, e.length);
        SpillState sp = spillFor(i, m.run(), m.spill(), e.receivedNanos);
        if (sp != null) {
            sp.lastActivityNanos = e.receivedNanos;
        }
        return sp;
    }

    private void onBeginOfSpill(IngestEntry e) {
        SpillState sp = markedSpill(e);
        if (sp == null) {
            return;
        }
        int i = sourceIndex[e.sourceId];
        SpillMarkerFlyweight m = marker;
        sp.began[i] = true;
        if (i == triggerIndex || sp.beginWallClockNs == 0) {
            sp.beginWallClockNs = m.wallClockNs();
        }
        counters.currentRun.set(sp.run);
        counters.currentSpill.set(sp.spill);
        releaseReady(e.receivedNanos);
    }

    private void onEndOfSpill(IngestEntry e) {
        SpillState sp = markedSpill(e);
        if (sp == null) {
            return;
        }
        int i = sourceIndex[e.sourceId];
        SpillMarkerFlyweight m = marker;
        sp.markEnded(i);
        if (i == triggerIndex) {
            sp.triggersFromTriggerUnit = m.triggers();
            sp.eot = m.scaler(SpillMarkerFlyweight.SCALER_EOT, -1);
            sp.triggersScaler = m.scaler(SpillMarkerFlyweight.SCALER_TRIGGERS, -1);
            sp.deadTimeNs = m.scaler(SpillMarkerFlyweight.SCALER_DEAD_TIME_NS, -1);
        }
        releaseReady(e.receivedNanos);
        if (sp.allEnded()) {
            closeSpill(sp, CloseReason.ALL_ENDED);
        }
    }

    private void onProtocolError(IngestEntry e) {
        int i = e.sourceId >= 0 && e.sourceId < sourceIndex.length ? sourceIndex[e.sourceId] : -1;
        SpillState sp = i >= 0 ? spills.current(i) : null;
        if (sp != null) {
            sp.protocolErrors++;
            counters.protocolErrorsAttributed.increment();
        } else {
            counters.protocolErrorsUnattributed.increment();
        }
    }

    private SpillState spillFor(int i, long run, long spill, long nowNanos) {
        SpillState sp = spills.lookup(i, run, spill, nowNanos, overflow);
        while (sp == null && overflow[0] != null) {
            SpillState oldest = overflow[0];
            overflow[0] = null;
            closeSpill(oldest, CloseReason.TIMEOUT);
            sp = spills.lookup(i, run, spill, nowNanos, overflow);
        }
        return sp;
    }

    /** Releases, oldest first, events that timed out or that no missing source can still complete. */
    private void releaseReady(long nowNanos) {
        EventSlot head;
        while ((head = table.head()) != null) {
            if (nowNanos - head.firstNanos < buildTimeoutNanos && anyMissingCanStillSend(head)) {
                return;
            }
            table.popHead();
            release(head, nowNanos);
        }
    }

    private boolean anyMissingCanStillSend(EventSlot slot) {
        SpillState sp = slot.spillState;
        for (int i = 0; i < sourceCount; i++) {
            if ((slot.presentMask & (1L << i)) == 0 && sp.canStillSend(i, slot.event)) {
                return true;
            }
        }
        return false;
    }

    /** Decides and hands one event to the sink; the slot is freed whatever the sink does. */
    private void release(EventSlot slot, long nowNanos) {
        SpillState sp = slot.spillState;
        try {
            slot.complete = slot.presentCount == sourceCount;
            slot.list(sourceCount);
            if (!slot.haveTriggerUnit && slot.digitizerSeen) {
                slot.triggerType = slot.digitizerType;
                slot.triggerTime = slot.digitizerTime;
            }
            slot.misaligned = slot.isMisaligned();
            slot.streams = selector.select(slot.event, slot.triggerType, slot.complete, slot.misaligned, slot.energies);
            account(slot, sp);
            sink.onEvent(slot);
            long latency = wallClock.nanoTime() - slot.lastReadNanos;
            counters.decisionLatencyNanos.recordValue(Math.max(0, Math.min(latency, BuilderCounters.MAX_LATENCY_NANOS)));
        } finally {
            slot.releaseFragments(sourceCount);
            slot.release();
            table.released();
            sp.inFlight--;
        }
    }

    private void account(EventSlot slot, SpillState sp) {
        if (slot.complete) {
            sp.complete++;
            counters.completeEvents.increment();
            counters.spectra.fill(slot.energies.ecal(), slot.energies.hcal(), slot.energies.veto());
        } else {
            sp.incomplete++;
            counters.incompleteEvents.increment();
            for (int k = 0; k < slot.missingCount(); k++) {
                int m = slot.missingIndex(k);
                sp.missingFragments[m]++;
                counters.missingPerSource[m].increment();
            }
        }
        if (slot.misaligned) {
            sp.misaligned++;
            counters.misalignedEvents.increment();
        }
        for (int b = 0; b < Streams.COUNT; b++) {
            if ((slot.streams & (1 << b)) != 0) {
                sp.accepted[b]++;
                counters.acceptedPerStream[b].increment();
            }
        }
    }

    private void closeSpill(SpillState sp, CloseReason reason) {
        if (sp.inFlight > 0) {
            long now = clock.nanoTime();
            for (int k = 0; k < table.capacity() && sp.inFlight > 0; k++) {
                EventSlot s = table.slot(k);
                if (s.active && s.spillState == sp) {
                    release(s, now);
                }
            }
        }
        spills.remove(sp);
        counters.spillsClosed.increment();
        if (reason == CloseReason.TIMEOUT) {
            counters.spillsTimedOut.increment();
        }
        if (sp.eot > 0) {
            counters.eotTotal.add(sp.eot);
            counters.lastSpillEot.set(sp.eot);
        }
        sink.onSpillClosed(sp.summarize(reason, sourceIds, config.hash(), wallClockNs.getAsLong()));
    }

    public BuilderCounters counters() {
        return counters;
    }

    /** The per-source payload arenas ingest copies fragments into and this builder releases. */
    public FragmentArenas arenas() {
        return arenas;
    }
}

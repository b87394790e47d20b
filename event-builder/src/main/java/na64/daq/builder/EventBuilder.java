package na64.daq.builder;

import na64.daq.pipeline.BuiltEventSink;
import na64.daq.pipeline.CounterRegistry;
import na64.daq.pipeline.FragmentArena;
import na64.daq.pipeline.FragmentArenas;
import na64.daq.pipeline.IngestEntry;
import na64.daq.pipeline.SourceIndex;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

import com.lmax.disruptor.EventHandler;

import na64.daq.pipeline.NanoClock;
import na64.daq.config.RunConfig;
import na64.daq.pipeline.CloseReason;
import na64.daq.trigger.Streams;
import na64.daq.trigger.TriggerSettings;

/**
 * The event builder: the single consumer of the ingest ring. It assembles fragments into events by
 * (run, spill, event), sums the energies ingest reconstructed per fragment (spec §7), and when an
 * event is complete, or can no longer complete, has {@link EventDecision} apply the selection
 * (spec §8) and hand it to the {@link BuiltEventSink}; then it gives the event's arena space back. The
 * per-spill accounting of spec §6 and the closing of spills are the {@link SpillBook}'s.
 *
 * <p>An event is released <b>complete</b> when every configured source delivered its fragment, and
 * <b>incomplete</b> when a missing source can no longer send it (it ended the spill, moved to a
 * later spill, or already sent a later event number: sources send in increasing order) or when the
 * build timeout passed since its first fragment. Only the builder thread calls this class; time
 * comes from the injected {@link NanoClock}. Run control reaches it through a {@link BuilderMailbox}
 * served between batches; each spill is selected with the trigger settings ingest reconstructed it
 * with ({@link SettingsInUse}).
 */
public final class EventBuilder implements EventHandler<IngestEntry> {
    private final BuiltEventSink sink;
    private final NanoClock clock;
    private final FragmentArenas arenas;
    private final EventDecision decision;
    private final int[] sourceIds;
    private final SourceIndex sourceIndex;
    private final int sourceCount;
    private final int triggerIndex;
    private final EventTable table;
    private final SpillBook book;
    private final BuilderCounters counters;
    private final SettingsInUse settings;
    private final RunAccounting runs;
    /** Run-control work for this thread; {@link BuilderPipeline} hands it in. */
    final BuilderMailbox mailbox = new BuilderMailbox();
    /** The last ring sequence consumed; mailbox tasks wait for it. */
    private long consumed = -1;

    /**
     * A builder timing out events and spills on {@code clock} (the pipeline clock), measuring the
     * decision latency on {@code wallClock} (the monotonic clock ingest stamps its reads with, so
     * backpressure time counts), dating spill summaries with {@code wallClockNs} (epoch ns), and
     * allocating its counters from the service's {@code registry}.
     */
    public EventBuilder(RunConfig config, BuiltEventSink sink, NanoClock clock, NanoClock wallClock, LongSupplier wallClockNs,
            CounterRegistry registry) {
        this.sink = sink;
        this.clock = clock;
        this.arenas = new FragmentArenas(config);
        List<RunConfig.SourceConfig> sources = config.sources();
        this.sourceCount = sources.size();
        if (sourceCount > 64) {
            throw new IllegalArgumentException("the builder supports at most 64 sources, got " + sourceCount);
        }
        this.sourceIndex = new SourceIndex(sources);
        this.sourceIds = new int[sourceCount];
        for (int i = 0; i < sourceCount; i++) {
            sourceIds[i] = sourceIndex.id(i);
        }
        this.triggerIndex = sourceIndex.of(config.triggerSourceId());
        this.table = new EventTable(config.builder().maxInFlightEvents(), sourceIds, arenas);
        String[] streams = new String[Streams.COUNT];
        Arrays.setAll(streams, Streams::name);
        this.counters = new BuilderCounters(registry, streams);
        this.runs = new RunAccounting(registry);
        this.settings = new SettingsInUse(new TriggerSettings(config));
        this.decision = new EventDecision(settings.newest().selector(), sink, counters, wallClock, sourceCount);
        this.book = new SpillBook(settings::newest, runs, sourceIds, triggerIndex, counters, sink, wallClockNs, this::releaseAll);
    }

    @Override
    public void onEvent(IngestEntry entry, long sequence, boolean endOfBatch) {
        counters.entries.increment();
        try {
            switch (entry.kind) {
                case IngestEntry.FRAGMENT -> onFragment(entry);
                case IngestEntry.BEGIN_OF_SPILL -> onBeginOfSpill(entry);
                case IngestEntry.END_OF_SPILL -> onEndOfSpill(entry);
                case IngestEntry.PROTOCOL_ERROR -> book.protocolError(sourceIndex.of(entry.sourceId));
                default -> { }
            }
        } finally {
            consumed = sequence;
            if (endOfBatch) {
                poll(clock.nanoTime());
            }
        }
    }

    @Override
    public void onTimeout(long sequence) {
        consumed = Math.max(consumed, sequence);
        poll(clock.nanoTime());
    }

    /** Releases timed-out events, closes timed-out spills, runs due run-control tasks. At each batch end and idle tick. */
    public void poll(long nowNanos) {
        releaseReady(nowNanos);
        book.closeIdle(nowNanos, settings.spillTimeoutNanos);
        counters.inFlight.set(table.active());
        counters.openSpills.set(book.openCount());
        mailbox.runDue(consumed);
    }

    /** Releases every event still being built and closes every open spill for {@code reason}. Builder thread. */
    public void closeOpenSpills(CloseReason reason) {
        book.closeAll(reason);
        counters.inFlight.set(table.active());
        counters.openSpills.set(book.openCount());
    }

    /**
     * Run {@code run} begins ({@link RunAccounting#NO_RUN}: no number): earlier runs' closed spills
     * and released events are forgotten. Builder thread, no spill open.
     */
    public void beginRun(long run) {
        runs.beginRun(run);
        book.forgetClosed();
        table.forgetReleased();
    }

    /** Per-run accounting under run control. */
    public RunAccounting runs() {
        return runs;
    }

    /** Hash of the newest configuration the builder has met in a spill (any thread). */
    public String configHashInUse() {
        return settings.hash();
    }

    private void onFragment(IngestEntry e) {
        int i = sourceIndex.of(e.sourceId);
        if (i < 0) {
            return; // ingest refuses unconfigured sources at HELLO; nothing of theirs reaches the ring
        }
        counters.fragments.increment();
        counters.fragmentsPerSource[i].increment();
        FragmentArena arena = arenas.at(i);
        if (!assemble(i, e)) {
            arena.release(e.arenaOrdinal); // not part of an event: its bytes are not needed
        }
        Object holder; // the arena keeps our slots opaque: it is a contract type, the slots are ours
        while (arena.crowded(e.arenaOrdinal, e.arenaOffset + e.length) && (holder = arena.oldestHolder()) != null) {
            ((EventSlot) holder).evacuate(i);
            counters.evacuatedFragments.increment();
        }
        releaseReady(e.receivedNanos);
    }

    /** Adds a fragment to its event; false when it belongs to none (after close, duplicate, late). */
    private boolean assemble(int i, IngestEntry e) {
        long run = e.run;
        long spill = e.spill;
        long event = e.event;
        SpillState sp = book.spillFor(i, run, spill, e.receivedNanos);
        if (sp == null) {
            counters.fragmentsAfterSpillClose.increment();
            return false;
        }
        if (sp.settings == null) {
            sp.settings = settings.of(e);
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
        if (slot.active && !slot.matches(run, spill, event) && !slot.supersedes(run, spill, event)) {
            counters.evictedEvents.increment();
            release(slot, e.receivedNanos);
        }
        if (!slot.active || !slot.matches(run, spill, event)) {
            if (slot.wasReleased(run, spill, event) || slot.supersedes(run, spill, event)) {
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

    private void onBeginOfSpill(IngestEntry e) {
        int i = sourceIndex.of(e.sourceId);
        if (i >= 0) {
            book.beginOfSpill(i, e);
            releaseReady(e.receivedNanos);
        }
    }

    private void onEndOfSpill(IngestEntry e) {
        int i = sourceIndex.of(e.sourceId);
        SpillState sp = i >= 0 ? book.endOfSpill(i, e) : null;
        if (sp != null) {
            releaseReady(e.receivedNanos);
            if (sp.allEnded()) {
                book.close(sp, CloseReason.ALL_ENDED);
            }
        }
    }

    /** Releases, oldest first, events that timed out or that no missing source can still complete. */
    private void releaseReady(long nowNanos) {
        EventSlot head;
        while ((head = table.head()) != null) {
            if (nowNanos - head.firstNanos < settings.buildTimeoutNanos && head.anyMissingCanStillSend(sourceCount)) {
                return;
            }
            table.popHead();
            release(head, nowNanos);
        }
    }

    /** Decides and hands one event to the sink; the slot and its arena space are freed whatever the sink does. */
    private void release(EventSlot slot, long nowNanos) {
        SpillState sp = slot.spillState;
        try {
            decision.decide(slot, sp);
        } finally {
            slot.releaseFragments(sourceCount);
            slot.release();
            table.released();
            sp.inFlight--;
        }
    }

    /** Releases the events of {@code sp} still in flight, before the spill book closes it. */
    private void releaseAll(SpillState sp) {
        long now = clock.nanoTime();
        for (int k = 0; k < table.capacity() && sp.inFlight > 0; k++) {
            EventSlot s = table.slot(k);
            if (s.active && s.spillState == sp) {
                release(s, now);
            }
        }
    }

    public BuilderCounters counters() {
        return counters;
    }

    /** The decision step: its latency recorder and spectra are what monitoring reads. */
    EventDecision decision() {
        return decision;
    }

    /** The per-source payload arenas ingest copies fragments into and this builder releases. */
    public FragmentArenas arenas() {
        return arenas;
    }
}

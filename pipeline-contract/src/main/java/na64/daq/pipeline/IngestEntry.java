package na64.daq.pipeline;

import na64.daq.pipeline.FragmentArena;

import java.util.Arrays;

import na64.daq.protocol.FragmentFlyweight;

/**
 * One entry of the ingest ring, pre-allocated by the Disruptor and reused forever. For a FRAGMENT
 * the ingest thread has already validated and reconstructed the payload (daq-ingest's {@code SourceSession} and {@code RingPublisher}),
 * so the entry carries only what the decision needs; the raw bytes stay in the source's
 * {@link FragmentArena} until the builder releases them. Spill markers are small and rare: their
 * payload is copied into the entry.
 *
 * <pre>
 *  field                      FRAGMENT   BEGIN/END_OF_SPILL   PROTOCOL_ERROR
 *  kind, sourceId             yes        yes                  yes
 *  receivedNanos              pipeline clock when decoded (timeouts; stands still while the ring is full)
 *  readNanos                  monotonic wall clock of the socket read (decision latency)
 *  run, spill, event          header     -                    -
 *  triggerType, triggerTime,
 *  flags                      header     -                    -
 *  ps, ecalMain, hcal,
 *  veto, srd                  this fragment's share of the §7 energies (MeV)
 *  arenaOrdinal, arenaOffset,
 *  length                     where the payload lies in the source's arena
 *  payload[0..length)         -          the marker payload   -
 *  spillSettings              the trigger settings the energies were reconstructed with (opaque here)
 * </pre>
 */
public final class IngestEntry {
    public static final int FRAGMENT = 1;
    public static final int BEGIN_OF_SPILL = 2;
    public static final int END_OF_SPILL = 3;
    public static final int PROTOCOL_ERROR = 4;

    private static final int INITIAL_CAPACITY = 64;

    public int kind;
    public int sourceId;
    public long receivedNanos;
    public long readNanos;

    public long run;
    public long spill;
    public long event;
    public int triggerType;
    public long triggerTime;
    public int flags;
    public double ps;
    public double ecalMain;
    public double hcal;
    public double veto;
    public double srd;
    public long arenaOrdinal;
    public int arenaOffset;
    /**
     * The trigger settings (trigger-logic's {@code TriggerSettings}: configuration, reconstruction,
     * selection) this fragment was reconstructed with, set by the reconstruction; null when it does
     * not say. Ingest picks them per spill, so the builder selects the spill's events with the same
     * configuration (a reload applies from a spill boundary). Opaque here: the contract does not know
     * the trigger's types.
     */
    public Object spillSettings;

    /** Spill-marker payload bytes; grows only, so it allocates at most a few times per entry. */
    public byte[] payload = new byte[INITIAL_CAPACITY];
    public int length;

    /** Makes room for a marker payload of {@code n} bytes. */
    public byte[] ensureCapacity(int n) {
        if (payload.length < n) {
            payload = Arrays.copyOf(payload, Math.max(n, payload.length * 2));
        }
        return payload;
    }

    /**
     * Makes this a FRAGMENT entry of {@code sourceId} whose checked payload lies at
     * {@code [arenaOffset, +length)} of the source's arena; the energies and ordinal are set apart.
     */
    public void setFragment(int sourceId, FragmentFlyweight f, int arenaOffset, int length) {
        this.kind = FRAGMENT;
        this.sourceId = sourceId;
        this.arenaOffset = arenaOffset;
        this.length = length;
        setFragmentHeader(f);
    }

    /** Copies a checked fragment's header fields (spec §4) into this entry. */
    public void setFragmentHeader(FragmentFlyweight f) {
        run = f.run();
        spill = f.spill();
        event = f.event();
        triggerType = f.triggerType();
        triggerTime = f.triggerTime();
        flags = f.flags();
    }

    /** Fills this entry as a control entry without payload. */
    public void setControl(int kind, int sourceId, long receivedNanos) {
        this.kind = kind;
        this.sourceId = sourceId;
        this.receivedNanos = receivedNanos;
        this.readNanos = receivedNanos;
        this.length = 0;
    }
}

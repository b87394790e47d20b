/**
 * The event store: a Chronicle Queue of NA64 records ({@link na64.daq.store.EventStore} writes,
 * {@link na64.daq.store.EventStoreReader} reads, {@link na64.daq.store.RecordLayout} lays out).
 *
 * <p><b>Event record</b> (kind 1, layout version 1; offsets in bytes from the document start):
 * <pre>
 *         off  size  type   field
 *           0     1  u8     kind = 1 (event)
 *           1     1  u8     layout version = 1
 *           2     1  u8     status: bit 0 complete, bit 1 misaligned, other bits 0
 *           3     1  u8     streams: bit 0 invisible, bit 1 random, bit 2 calibration
 *           4     4  u32    run
 *           8     4  u32    spill
 *          12     4  u32    event
 *          16     4  u32    flags (trigger unit's fragment; 0 if absent)
 *          20     2  u16    trigger type (trigger unit's fragment; 0 if absent)
 *          22     2  u16    missing source count M
 *          24     8  u64    trigger time, ns since start of spill
 *          32     8  f64    E_PS in MeV (IEEE 754 binary64)
 *          40     8  f64    E_ECAL in MeV
 *          48     8  f64    E_HCAL in MeV
 *          56     8  f64    E_VETO in MeV
 *          64     8  f64    E_SRD in MeV
 *          72     2  u16    fragment count F
 *          74     2  u16    reserved = 0
 *          76    2M  u16[]  missing source ids
 *       76+2M               F fragments back to back, each:
 *          +0     2  u16      source id
 *          +2     2  u16      reserved = 0
 *          +4     4  u32      payload length L
 *          +8     L  u8[]     FRAGMENT payload (spec §4), byte for byte as received
 * </pre>
 *
 * <p><b>Spill record</b> (kind 2, layout version 1):
 * <pre>
 *         off  size  type   field
 *           0     1  u8     kind = 2 (spill)
 *           1     1  u8     layout version = 1
 *           2     1  u8     close reason: 0 ALL_ENDED, 1 TIMEOUT, 2 SHUTDOWN, 3 CRASH_RECOVERED, 4 RUN_STOP
 *           3     1  u8     bits: bit 0 triggers came from the trigger unit's END_OF_SPILL
 *           4     4  u32    run
 *           8     4  u32    spill
 *          12     2  u16    missing-per-source entry count S
 *          14     2  u16    sources-not-ended count N
 *          16     8  i64    triggers
 *          24     8  i64    complete events
 *          32     8  i64    incomplete events
 *          40     8  i64    duplicate fragments
 *          48     8  i64    late fragments
 *          56     8  i64    misaligned events
 *          64     8  i64    protocol errors
 *          72     8  i64    fragments received
 *          80     8  i64    accepted, invisible stream (bit 0)
 *          88     8  i64    accepted, random stream (bit 1)
 *          96     8  i64    accepted, calibration stream (bit 2)
 *         104     8  i64    EOT, scaler 1 (-1 = not sent)
 *         112     8  i64    triggers issued, scaler 2 (-1 = not sent)
 *         120     8  i64    dead time ns, scaler 3 (-1 = not sent)
 *         128     8  i64    begin-of-spill wall clock, ns since epoch
 *         136     8  i64    spill-closed wall clock, ns since epoch
 *         144   10S         S entries, each: u16 source id, i64 fragments missing
 *     144+10S    2N  u16[]  source ids that never sent END_OF_SPILL
 *  144+10S+2N     2  u16    config hash length H in UTF-8 bytes (0xFFFF = null hash)
 *  146+10S+2N     H  u8[]   config hash, UTF-8
 * </pre>
 *
 * <p><b>Run record</b> (kind 3, layout version 1): a begin- or end-of-run record of run control
 * ({@link na64.daq.store.StoredRun}).
 * <pre>
 *         off  size  type   field
 *           0     1  u8     kind = 3 (run)
 *           1     1  u8     layout version = 1
 *           2     1  u8     phase: 0 begin of run, 1 end of run
 *           3     1  u8     reserved = 0
 *           4     4  u32    run number given at the start (0xFFFFFFFF = none given)
 *           8     8  i64    wall clock, ns since epoch
 *          16     8  i64    spills closed in the run (0 in a begin record)
 *          24     8  i64    BEGIN_OF_SPILL frames naming another run (0 in a begin record)
 *          32     2  u16    config hash length H (0xFFFF = null hash)
 *          34     H  u8[]   config hash in force, UTF-8 (end: the newest one applied)
 *        34+H     2  u16    requester length Q
 *        36+H     Q  u8[]   who asked, UTF-8: http, signal, command_line, api, crash_recovery
 *      36+H+Q     2  u16    detail length D
 *      38+H+Q     D  u8[]   detail, UTF-8 (e.g. "POST /run/stop from 127.0.0.1:41234", "SIGTERM")
 * </pre>
 *
 * <p><b>Configuration record</b> (kind 4, layout version 1): a configuration the service applied,
 * written once per distinct hash before the first run or spill record naming it
 * ({@link na64.daq.store.StoredConfig}).
 * <pre>
 *         off  size  type   field
 *           0     1  u8     kind = 4 (configuration)
 *           1     1  u8     layout version = 1
 *           2     2  u16    config hash length H
 *           4     4  u32    YAML length Y in UTF-8 bytes
 *           8     8  i64    wall clock when recorded, ns since epoch
 *          16     H  u8[]   config hash, UTF-8
 *        16+H     Y  u8[]   the full effective configuration as YAML (ConfigLoader.toYaml), UTF-8
 * </pre>
 * A record has exactly these bytes; readers reject trailing bytes, unknown kinds and other versions.
 *
 * <p><b>Files.</b> {@code SingleChronicleQueueBuilder.binary(dir)} with {@code RollCycles.FAST_HOURLY}:
 * a run lasts hours, so hourly files cut it into pieces that can be copied, checked and deleted
 * while the run goes on (a finished hour's file is never written again), and the cycle's index
 * holds 2^32-1 records, far above the 3.6x10^8 a sustained 100 kHz could give in an hour. A marker
 * file {@code NA64-EVENT-STORE} tells readers the directory is an NA64 store. Chronicle writes in native
 * byte order; the store refuses to open on a big-endian machine, so every field below is
 * little-endian.
 *
 * <p><b>Durability.</b> A record is in the page cache when its append returns, so a crash of this
 * process loses nothing already appended; readers see it at once. With {@code syncAtSpillEnd}, the
 * queue is built with {@code SyncMode.SYNC} and every spill record is followed by the appender's
 * {@code sync()}: an {@code msync(MS_SYNC)} of the mapped chunk being written, from its last sync
 * point to the end of the spill record. Chunks the appender has moved past and finished cycle files
 * are msync'd the same way when Chronicle releases them, at the latest at {@link EventStore#close()}. So when
 * {@link EventStore#appendSpill} returns, the spill record, and normally all events before it, survive a power
 * cut or kernel crash; the exception is an earlier chunk Chronicle still holds mapped. Without the
 * option, the kernel writes pages back at its own pace.
 */
package na64.daq.store;

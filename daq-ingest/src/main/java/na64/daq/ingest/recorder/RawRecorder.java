package na64.daq.ingest.recorder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import na64.daq.ingest.IngestTap;
import na64.daq.pipeline.NanoClock;
import na64.daq.protocol.FrameHeader;

/**
 * The raw recorder ({@code daq serve --record DIR}, issue 12): every frame every connection delivers,
 * good or bad, written with its receive time into {@code .na64raw} files (spec appendix B) that
 * {@code daq replay} plays back to the same decisions and counts. Ingest cuts and copies frames on its
 * event loop ({@link RecorderTap}, one per connection) into a bounded pool of buffers
 * ({@link RecordBuffers}); one writer thread ({@link RecordWriter}) writes them out, rotating files
 * at spill boundaries and by size ({@link RecordFiles}).
 *
 * <p>A disk that cannot keep up makes ingest wait (backpressure, like a slow store); one that fails,
 * or frees nothing within {@link Settings#stallNanos()}, stops the recording with an ERROR line and
 * {@code daq_recorder_failed 1}, and every frame after that is counted as not recorded. The run
 * itself goes on: the recording is a copy, the store is the data. Close after ingest has stopped.
 */
public final class RawRecorder implements IngestTap, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RawRecorder.class);
    /** {@code --record-max-mb} default. */
    public static final long DEFAULT_MAX_FILE_BYTES = 512L << 20;
    public static final int DEFAULT_BUFFERS = 8;
    public static final long DEFAULT_STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * @param dir          where the files go (created if missing)
     * @param maxFileBytes a file is rotated before a record would take it past this size
     * @param buffers      record buffers of {@value RecordBuffers#CHUNK_BYTES} bytes between ingest and the writer
     * @param stallNanos   how long ingest waits for a free buffer before the recording counts as failed
     * @param clock        receive times (ingest's monotonic clock; tests drive it by hand)
     * @param beforeWrite  runs on the writer thread before each write (tests slow the disk with it)
     */
    public record Settings(Path dir, long maxFileBytes, int buffers, long stallNanos, NanoClock clock, Runnable beforeWrite) {
        public Settings {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(beforeWrite, "beforeWrite");
            if (maxFileBytes <= 0) {
                throw new IllegalArgumentException("the recorder's maximum file size must be > 0, got " + maxFileBytes);
            }
        }

        /** Recording into {@code dir}, files rotated at {@code maxFileBytes}, the rest default. */
        public static Settings of(Path dir, long maxFileBytes) {
            return new Settings(dir, maxFileBytes, DEFAULT_BUFFERS, DEFAULT_STALL_NANOS, NanoClock.SYSTEM, () -> { });
        }
    }

    private final Settings settings;
    private final RecorderCounters counters;
    private final RecordBuffers buffers;
    private final RecordWriter writer;
    private final Thread thread;
    private volatile boolean closing;
    private volatile String failure;

    private RawRecorder(Settings settings, IntPredicate configuredSources, RecorderCounters counters) {
        this.settings = settings;
        this.counters = counters;
        this.buffers = new RecordBuffers(settings.buffers(), counters, settings.clock(), settings.stallNanos(),
                () -> fail("the writer freed no buffer for " + settings.stallNanos() / 1_000_000 + " ms"));
        this.writer = new RecordWriter(new RecordFiles(settings.dir()), settings.maxFileBytes(), configuredSources, counters,
                settings.beforeWrite());
        this.thread = new Thread(this::run, "raw-recorder");
    }

    /** Creates the directory and starts the writer thread; {@code configuredSources} says whose HELLOs lead each file. */
    public static RawRecorder start(Settings settings, IntPredicate configuredSources) throws IOException {
        return start(settings, configuredSources, new RecorderCounters());
    }

    /** As {@link #start(Settings, IntPredicate)}, counting into {@code counters} (allocated from the service's registry). */
    public static RawRecorder start(Settings settings, IntPredicate configuredSources, RecorderCounters counters)
            throws IOException {
        Files.createDirectories(settings.dir());
        RawRecorder r = new RawRecorder(settings, configuredSources, counters);
        r.thread.start();
        LOG.info("recording every received frame to {} (.na64raw, a new file at each spill and every {} MiB)",
                settings.dir().toAbsolutePath(), settings.maxFileBytes() >> 20);
        return r;
    }

    @Override
    public ChannelHandler open() {
        return new RecorderTap(buffers, counters, settings.clock());
    }

    public RecorderCounters counters() {
        return counters;
    }

    public Path dir() {
        return settings.dir();
    }

    /** Why recording stopped, or null while it works. */
    public String failure() {
        return failure;
    }

    /** Buffers of records waiting for the writer (each up to {@value RecordBuffers#CHUNK_BYTES} bytes). */
    public int queuedBuffers() {
        return buffers.queued();
    }


    private void run() {
        while (true) {
            ByteBuf chunk;
            try {
                chunk = buffers.take(50);
            } catch (InterruptedException e) {
                break;
            }
            if (chunk == null) {
                if (closing && buffers.queued() == 0) {
                    break;
                }
                continue;
            }
            if (buffers.failed()) {
                counters.lostFrames.add(records(chunk));
            } else {
                try {
                    writer.write(chunk);
                } catch (IOException | RuntimeException e) {
                    counters.errors.increment();
                    counters.lostFrames.add(records(chunk) - writer.writtenInChunk());
                    fail("writing " + writer.currentFile() + " failed: " + e);
                }
            }
            buffers.recycle(chunk);
        }
        try {
            writer.close();
        } catch (IOException e) {
            counters.errors.increment();
            LOG.error("raw recorder: closing the last file failed: {}", e.toString());
        }
    }

    private void fail(String why) {
        if (buffers.fail()) {
            failure = why;
            counters.failed.set(1);
            LOG.error("raw recorder STOPPED: {}; the run goes on, but from now on received frames are NOT recorded "
                    + "(counted in daq_recorder_unrecorded_frames_total); the files in {} hold everything before", why,
                    settings.dir().toAbsolutePath());
        }
    }

    /** Records in a chunk. */
    static int records(ByteBuf chunk) {
        int n = 0;
        for (int p = chunk.readerIndex(); p < chunk.writerIndex(); n++) {
            p += RecordBuffers.TIME_LENGTH + FrameHeader.LENGTH
                    + (int) chunk.getUnsignedIntLE(p + RecordBuffers.TIME_LENGTH + FrameHeader.LENGTH_OFFSET);
        }
        return n;
    }

    /** Writes out what ingest handed over and closes the last file. Call after ingest has stopped. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        buffers.finish();
        closing = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.error("raw recorder: the writer did not finish within 30 s ({} buffers still queued)", buffers.queued());
            return;
        }
        buffers.release();
        LOG.info("raw recorder closed: {} frames in {} files, {} bytes{}", counters.frames.get(), counters.files.get(),
                counters.bytes.get(), counters.unrecordedFrames() > 0 ? ", " + counters.unrecordedFrames()
                        + " frames NOT recorded" : "");
    }
}

package na64.daq.ingest.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import na64.daq.protocol.FrameEncoder;
import na64.daq.protocol.FrameHeader;
import na64.daq.testkit.ManualClock;

/**
 * File rotation: a new file at the trigger unit's BEGIN_OF_SPILL of the next spill and before a
 * record would take a file past the size limit; each file begins with the last HELLO of every
 * source so that it replays on its own; names sort in the order the files were written, and no
 * existing file is ever overwritten.
 */
class RecordRotationTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_000_000);
    private final Random random = new Random(42);
    /** Every frame sent, in the order sent (one thread, so this is the order recorded). */
    private final List<byte[]> sent = new ArrayList<>();

    private RawRecorder recorder(long maxFileBytes) throws Exception {
        return RawRecorder.start(new RawRecorder.Settings(dir, maxFileBytes, 4, RawRecorder.DEFAULT_STALL_NANOS, clock,
                () -> { }), id -> id >= 1 && id <= 5);
    }

    private void send(EmbeddedChannel ch, byte[] frame) {
        clock.advanceNanos(250);
        sent.add(frame);
        ch.writeInbound(Unpooled.wrappedBuffer(frame));
        ((io.netty.buffer.ByteBuf) ch.readInbound()).release();
    }

    @Test
    void theTriggerUnitsBeginOfTheNextSpillStartsAFileThatBeginsWithEverySourcesHello() throws Exception {
        int firstFileFrames;
        try (RawRecorder recorder = recorder(RawRecorder.DEFAULT_MAX_FILE_BYTES)) {
            EmbeddedChannel trigger = new EmbeddedChannel(recorder.open());
            EmbeddedChannel adc = new EmbeddedChannel(recorder.open());
            send(trigger, Recorded.hello(1));
            send(adc, Recorded.hello(2));
            send(adc, new FrameEncoder().heartbeat(2));
            send(trigger, Recorded.begin(1, 1));
            send(adc, Recorded.begin(2, 1));
            for (int e = 1; e <= 5; e++) {
                send(trigger, Recorded.fragment(1, 1, e, 0, random));
                send(adc, Recorded.fragment(2, 1, e, 100, random));
            }
            send(trigger, Recorded.end(1, 1, 5));
            send(adc, Recorded.end(2, 1, 5));
            send(adc, Recorded.begin(2, 2)); // the digitizer is first: not the authority, no new file yet
            firstFileFrames = sent.size();
            send(trigger, Recorded.begin(1, 2));
            EmbeddedChannel adcAgain = new EmbeddedChannel(recorder.open()); // the digitizer reconnects
            adc.finishAndReleaseAll();
            send(adcAgain, Recorded.hello(2));
            send(trigger, Recorded.fragment(1, 2, 1, 0, random));
            send(adcAgain, Recorded.fragment(2, 2, 1, 100, random));
            trigger.finishAndReleaseAll();
            adcAgain.finishAndReleaseAll();
        }
        assertThat(Recorded.names(dir)).containsExactly("run004243-spill0001-part001.na64raw",
                "run004243-spill0002-part001.na64raw");
        List<Recorded.Rec> first = Recorded.read(Recorded.files(dir).get(0));
        List<Recorded.Rec> second = Recorded.read(Recorded.files(dir).get(1));
        assertThat(first).extracting(Recorded.Rec::frame).containsExactlyElementsOf(sent.subList(0, firstFileFrames));
        assertThat(first.get(0).time()).isZero();
        assertThat(second.subList(0, 2)).as("the leading HELLOs").extracting(Recorded.Rec::frame)
                .containsExactly(Recorded.hello(1), Recorded.hello(2));
        assertThat(second.subList(0, 3)).extracting(Recorded.Rec::time).as("leading HELLOs and the first record at 0")
                .containsOnly(0L);
        assertThat(second.subList(2, second.size())).extracting(Recorded.Rec::frame)
                .containsExactlyElementsOf(sent.subList(firstFileFrames, sent.size()));
        assertThat(second.get(3).time()).isEqualTo(250);
    }

    @Test
    void aFileIsRotatedBeforeARecordWouldTakeItPastTheLimitAndEveryPartReplaysOnItsOwn() throws Exception {
        long limit = 3000;
        try (RawRecorder recorder = recorder(limit)) {
            EmbeddedChannel trigger = new EmbeddedChannel(recorder.open());
            EmbeddedChannel adc = new EmbeddedChannel(recorder.open());
            send(trigger, Recorded.hello(1));
            send(adc, Recorded.hello(3));
            send(trigger, Recorded.begin(1, 7));
            for (int e = 1; e <= 40; e++) {
                send(trigger, Recorded.fragment(1, 7, e, 0, random));
                send(adc, Recorded.fragment(3, 7, e, random.nextInt(400), random));
            }
            trigger.finishAndReleaseAll();
            adc.finishAndReleaseAll();
        }
        List<Path> files = Recorded.files(dir);
        assertThat(files).hasSizeGreaterThan(3);
        List<byte[]> recorded = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            assertThat(files.get(i).getFileName().toString()).isEqualTo("run004243-spill0007-part%03d.na64raw", i + 1);
            assertThat(Files.size(files.get(i))).as("part %d", i + 1).isLessThanOrEqualTo(limit);
            List<Recorded.Rec> records = Recorded.read(files.get(i));
            int leading = i == 0 ? 0 : 2;
            if (i > 0) {
                assertThat(records.subList(0, 2)).extracting(Recorded.Rec::frame)
                        .containsExactly(Recorded.hello(1), Recorded.hello(3));
            }
            records.subList(leading, records.size()).forEach(r -> recorded.add(r.frame()));
        }
        assertThat(recorded).containsExactlyElementsOf(sent);
    }

    @Test
    void aSpillRecordedAgainGetsTheNextPartAndAnExistingFileIsNeverOverwritten() throws Exception {
        Path earlier = Files.writeString(dir.resolve("run004243-spill0003-part001.na64raw"), "an earlier service's file");
        try (RawRecorder recorder = recorder(RawRecorder.DEFAULT_MAX_FILE_BYTES)) {
            EmbeddedChannel adc = new EmbeddedChannel(recorder.open());
            send(adc, Recorded.hello(2));
            send(adc, Recorded.fragment(2, 3, 17, 10, random)); // a restart in the middle of spill 3
            adc.finishAndReleaseAll();
        }
        assertThat(Files.readString(earlier)).isEqualTo("an earlier service's file");
        assertThat(Recorded.names(dir)).containsExactly("run004243-spill0003-part001.na64raw",
                "run004243-spill0003-part002.na64raw");
        assertThat(Recorded.read(dir.resolve("run004243-spill0003-part002.na64raw"))).extracting(Recorded.Rec::frame)
                .containsExactlyElementsOf(sent);
    }

    @Test
    void aRecordingThatNeverSawASpillKeepsTheNameOfNoSpill() throws Exception {
        try (RawRecorder recorder = recorder(RawRecorder.DEFAULT_MAX_FILE_BYTES)) {
            EmbeddedChannel adc = new EmbeddedChannel(recorder.open());
            send(adc, Recorded.hello(2));
            send(adc, Recorded.badCrc(Recorded.begin(2, 1))); // a marker with a bad CRC names nothing
            send(adc, new FrameEncoder().heartbeat(2));
            adc.finishAndReleaseAll();
        }
        assertThat(Recorded.names(dir)).containsExactly("run000000-spill0000-part001.na64raw");
        assertThat(Recorded.read(Recorded.files(dir).get(0))).extracting(Recorded.Rec::type)
                .containsExactly(FrameHeader.TYPE_HELLO, FrameHeader.TYPE_BEGIN_OF_SPILL, FrameHeader.TYPE_HEARTBEAT);
    }
}

package na64.daq.trigger;

import na64.daq.protocol.FragmentFlyweight;
import na64.daq.protocol.FrameHeader;
import na64.daq.protocol.RawFileReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * A recorded spill file reduced to its usable fragments, grouped by event, independently of the
 * event builder: FRAGMENT frames with a good CRC-32C, first copy of each
 * (source, run, spill, event) only.
 */
final class RecordedSpill {
    /** Event key of spec §4. */
    record Key(long run, long spill, long event) {
    }

    /** One source's fragment payload. */
    record Fragment(int source, byte[] payload) {
        FragmentFlyweight flyweight() {
            return new FragmentFlyweight().wrap(payload, 0, payload.length);
        }
    }

    final Map<Key, List<Fragment>> events = new LinkedHashMap<>();
    int badCrc;
    int duplicates;
    int fragments;

    static RecordedSpill load(Path file) throws IOException {
        RecordedSpill spill = new RecordedSpill();
        CRC32C crc = new CRC32C();
        FrameHeader header = new FrameHeader();
        FragmentFlyweight f = new FragmentFlyweight();
        Set<List<Long>> seen = new HashSet<>();
        try (RawFileReader in = RawFileReader.open(file)) {
            while (in.next()) {
                byte[] frame = in.frame();
                header.wrap(frame, 0);
                if (header.type() != FrameHeader.TYPE_FRAGMENT) {
                    continue;
                }
                int length = in.frameLength() - FrameHeader.LENGTH;
                crc.reset();
                crc.update(frame, FrameHeader.LENGTH, length);
                if ((int) crc.getValue() != header.crc()) {
                    spill.badCrc++;
                    continue;
                }
                // No FragmentFlyweight.validate() here: it refuses the trigger unit's fragments of the
                // samples (WAVEFORM, S = 0, C = 0); the CRC is the filter the brief asks for.
                f.wrap(frame, FrameHeader.LENGTH, length);
                int source = header.sourceId();
                if (!seen.add(List.of((long) source, f.run(), f.spill(), f.event()))) {
                    spill.duplicates++;
                    continue;
                }
                spill.fragments++;
                byte[] payload = Arrays.copyOfRange(frame, FrameHeader.LENGTH, FrameHeader.LENGTH + length);
                spill.events.computeIfAbsent(new Key(f.run(), f.spill(), f.event()), k -> new ArrayList<>())
                        .add(new Fragment(source, payload));
            }
        }
        return spill;
    }
}

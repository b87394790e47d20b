package na64.daq.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import na64.daq.pipeline.IngestEntry;

class FragmentPackTest {
    @Test
    void fragmentsComeOutOfAPackInOrderWithTheirFields() {
        SplittableRandom rnd = new SplittableRandom(7);
        FragmentPack pack = new FragmentPack();
        List<byte[]> payloads = new ArrayList<>();
        IngestEntry e = new IngestEntry();
        e.kind = IngestEntry.FRAGMENT;
        boolean full = false;
        int n = 0;
        while (!full) {
            byte[] p = new byte[32 + rnd.nextInt(400)];
            rnd.nextBytes(p);
            payloads.add(p);
            e.sourceId = n % 5 + 1;
            e.receivedNanos = 1000 + n;
            e.ecalMain = n * 0.25;
            full = pack.add(e, p, 0, p.length);
            n++;
        }
        byte[] v = pack.take();
        assertThat(pack.isEmpty()).isTrue();
        assertThat(v.length).isGreaterThanOrEqualTo(FragmentPack.TARGET_BYTES);
        assertThat(FrameRecord.kind(v)).isEqualTo(FrameRecord.PACK);
        List<IngestEntry> out = new ArrayList<>();
        List<byte[]> back = new ArrayList<>();
        FragmentPack.forEach(v, (at, size) -> {
            IngestEntry d = new IngestEntry();
            FrameRecord.decode(v, at, size, d);
            out.add(d);
            back.add(java.util.Arrays.copyOfRange(v, at + FrameRecord.FRAGMENT_HEADER, at + size));
        });
        assertThat(out).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(out.get(i).sourceId).isEqualTo(i % 5 + 1);
            assertThat(out.get(i).receivedNanos).isEqualTo(1000 + i);
            assertThat(out.get(i).ecalMain).isEqualTo(i * 0.25);
            assertThat(back.get(i)).isEqualTo(payloads.get(i));
        }
    }

    @Test
    void aTruncatedPackIsRefused() {
        FragmentPack pack = new FragmentPack();
        IngestEntry e = new IngestEntry();
        e.kind = IngestEntry.FRAGMENT;
        pack.add(e, new byte[100], 0, 100);
        byte[] v = pack.take();
        byte[] cut = java.util.Arrays.copyOf(v, v.length - 10);
        assertThatThrownBy(() -> FragmentPack.forEach(cut, (at, size) -> { })).isInstanceOf(IllegalArgumentException.class);
    }
}

package na64.daq.farm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import na64.daq.pipeline.IngestEntry;

class FrameRecordTest {
    @Test
    void aFragmentKeepsItsSourceTimesEnergiesAndPayload() {
        SplittableRandom rnd = new SplittableRandom(15);
        byte[] payload = new byte[300];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) rnd.nextInt();
        }
        IngestEntry e = new IngestEntry();
        e.kind = IngestEntry.FRAGMENT;
        e.sourceId = 40001;
        e.receivedNanos = -123456789012345L;
        e.ps = 1.5;
        e.ecalMain = 99541.25;
        e.hcal = 99.0;
        e.veto = 4.105;
        e.srd = 98.0875;
        byte[] v = FrameRecord.encode(e, 0, payload, 10, 200);
        assertThat(v).hasSize(FrameRecord.FRAGMENT_HEADER + 200);
        IngestEntry d = new IngestEntry();
        assertThat(FrameRecord.decode(v, d)).isZero();
        assertThat(d.kind).isEqualTo(IngestEntry.FRAGMENT);
        assertThat(d.sourceId).isEqualTo(40001);
        assertThat(d.receivedNanos).isEqualTo(e.receivedNanos);
        assertThat(new double[] {d.ps, d.ecalMain, d.hcal, d.veto, d.srd}).containsExactly(1.5, 99541.25, 99.0, 4.105, 98.0875);
        assertThat(d.length).isEqualTo(200);
        byte[] back = java.util.Arrays.copyOfRange(v, FrameRecord.payloadOffset(d.kind), v.length);
        assertThat(back).isEqualTo(java.util.Arrays.copyOfRange(payload, 10, 210));
    }

    @Test
    void aMarkerCarriesItsPayloadIntoTheEntryAndAProtocolErrorItsFlag() {
        IngestEntry e = new IngestEntry();
        e.kind = IngestEntry.END_OF_SPILL;
        e.sourceId = 1;
        byte[] marker = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        IngestEntry d = new IngestEntry();
        FrameRecord.decode(FrameRecord.encode(e, 0, marker, 0, marker.length), d);
        assertThat(java.util.Arrays.copyOf(d.payload, d.length)).isEqualTo(marker);

        e.setControl(IngestEntry.PROTOCOL_ERROR, 7, 55);
        assertThat(FrameRecord.decode(FrameRecord.encode(e, FrameRecord.FLAG_COUNTED, marker, 0, 0), d))
                .isEqualTo(FrameRecord.FLAG_COUNTED);
        assertThat(d.kind).isEqualTo(IngestEntry.PROTOCOL_ERROR);
        assertThat(d.sourceId).isEqualTo(7);
        assertThat(FrameRecord.kind(FrameRecord.control(FrameRecord.SHUTDOWN, 1))).isEqualTo(FrameRecord.SHUTDOWN);
    }

    @Test
    void eventsOfOneBlockShareAPartitionAndBlocksSpreadOverAll() {
        int p = FarmTopics.partitionOf(4242, 1, 16, 6);
        for (long ev = 16; ev < 16 + FarmTopics.EVENTS_PER_BLOCK; ev++) {
            assertThat(FarmTopics.partitionOf(4242, 1, ev, 6)).isEqualTo(p);
        }
        int[] hits = new int[6];
        for (long ev = 0; ev < 6000; ev++) {
            hits[FarmTopics.partitionOf(4242, 1, ev, 6)]++;
        }
        for (int h : hits) {
            assertThat(h).as("events per partition").isBetween(600, 1400);
        }
    }
}

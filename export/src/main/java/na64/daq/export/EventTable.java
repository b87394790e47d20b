package na64.daq.export;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import java.util.List;

import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

import na64.daq.protocol.FragmentFlyweight;
import na64.daq.store.StoredEvent;
import na64.daq.trigger.Streams;

/**
 * {@code events.parquet}: one row per stored event. The key, trigger, completeness and the five
 * energies as in {@code daq dump}, then the raw content per digitizer source as list columns named
 * after the source ({@code ECAL-PS} becomes {@code ECAL_PS_...}):
 * <ul>
 *   <li>{@code <S>_channel}: list of channel numbers, in the fragment's order;</li>
 *   <li>{@code <S>_amplitude}, {@code <S>_peak_time}: PEAK fragments, ADC counts above pedestal and ns;</li>
 *   <li>{@code <S>_samples}: WAVEFORM fragments, a list of sample lists (ADC counts) per channel.</li>
 * </ul>
 * A column is null when the event has no fragment of that source or the fragment has the other
 * encoding. Unsigned 32-bit numbers of the wire format are written as int64.
 */
final class EventTable {
    /** A digitizer source and the prefix of its columns. */
    record Source(int id, String prefix) {
    }

    private final List<Source> sources;
    private final MessageType schema;
    private final Row row;
    private final FragmentFlyweight fragment = new FragmentFlyweight();

    EventTable(List<Source> sources) {
        this.sources = List.copyOf(sources);
        Types.GroupBuilder<MessageType> b = Types.buildMessage()
                .required(INT64).named("run")
                .required(INT64).named("spill")
                .required(INT64).named("event")
                .required(INT32).named("trigger_type")
                .required(INT64).named("trigger_time_ns")
                .required(INT64).named("flags")
                .required(BOOLEAN).named("complete")
                .addField(Types.requiredList().requiredElement(INT32).named("missing"))
                .required(BOOLEAN).named("misaligned")
                .addField(Types.requiredList().requiredElement(BINARY).as(stringType()).named("streams"))
                .required(DOUBLE).named("E_PS")
                .required(DOUBLE).named("E_ECAL")
                .required(DOUBLE).named("E_HCAL")
                .required(DOUBLE).named("E_VETO")
                .required(DOUBLE).named("E_SRD")
                .required(INT32).named("fragments");
        for (Source s : this.sources) {
            b.addField(Types.optionalList().requiredElement(INT32).named(s.prefix() + "_channel"))
                    .addField(Types.optionalList().requiredElement(INT32).named(s.prefix() + "_amplitude"))
                    .addField(Types.optionalList().requiredElement(INT32).named(s.prefix() + "_peak_time"))
                    .addField(Types.optionalList().requiredListElement().requiredElement(INT32)
                            .named(s.prefix() + "_samples"));
        }
        this.schema = b.named("event");
        this.row = new Row(schema);
    }

    MessageType schema() {
        return schema;
    }

    void write(RecordConsumer rc, StoredEvent e) {
        Row r = row.on(rc);
        r.int64("run", e.run());
        r.int64("spill", e.spill());
        r.int64("event", e.event());
        r.int32("trigger_type", e.triggerType());
        r.int64("trigger_time_ns", e.triggerTimeNs());
        r.int64("flags", e.flags() & 0xFFFF_FFFFL);
        r.bool("complete", e.complete());
        r.int32List("missing", e.missingSources());
        r.bool("misaligned", e.misaligned());
        r.stringList("streams", Streams.names(e.streams()));
        r.float64("E_PS", e.ePs());
        r.float64("E_ECAL", e.eEcal());
        r.float64("E_HCAL", e.eHcal());
        r.float64("E_VETO", e.eVeto());
        r.float64("E_SRD", e.eSrd());
        r.int32("fragments", e.fragments().size());
        for (Source s : sources) {
            for (StoredEvent.Fragment f : e.fragments()) {
                if (f.sourceId() == s.id()) {
                    writeFragment(r, s.prefix(), f.payload());
                    break;
                }
            }
        }
    }

    private void writeFragment(Row r, String prefix, byte[] payload) {
        FragmentFlyweight f = fragment.wrap(payload, 0, payload.length);
        if (f.validate() != null) {
            return; // cannot happen for a stored fragment (ingest validated it); left null rather than guessed
        }
        int n = f.channelCount();
        int[] channels = new int[n];
        for (int i = 0; i < n; i++) {
            channels[i] = f.channel(i);
        }
        r.int32List(prefix + "_channel", channels);
        if (f.encoding() == FragmentFlyweight.ENCODING_PEAK) {
            int[] amplitude = new int[n];
            int[] time = new int[n];
            for (int i = 0; i < n; i++) {
                amplitude[i] = f.peakAmplitude(i);
                time[i] = f.peakTime(i);
            }
            r.int32List(prefix + "_amplitude", amplitude);
            r.int32List(prefix + "_peak_time", time);
        } else {
            int[][] samples = new int[n][f.samples()];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < samples[i].length; s++) {
                    samples[i][s] = f.sample(i, s);
                }
            }
            r.int32Lists(prefix + "_samples", samples);
        }
    }
}

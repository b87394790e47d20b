package na64.daq.app;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredEvent;
import na64.daq.trigger.Streams;

/**
 * The JSON-lines rendering shared by {@code daq dump} and {@code daq replay}: one object per stored
 * event and per spill summary, with the field names of the samples' {@code .expected.jsonl}, written
 * with Jackson's streaming generator (field order fixed, every string escaped). Energies are in MeV
 * with Java's round-trip form of a double, so no precision is lost.
 */
public final class JsonLines {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonLines() {
    }

    /** Writes one object with {@code body} and returns it as a line (no newline). */
    private static String object(Body body) {
        StringWriter out = new StringWriter(384);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** One stored event. */
    public static String event(StoredEvent e) {
        return object(g -> {
            g.writeStringField("kind", "event");
            g.writeNumberField("run", e.run());
            g.writeNumberField("spill", e.spill());
            g.writeNumberField("event", e.event());
            g.writeNumberField("trigger_type", e.triggerType());
            g.writeArrayFieldStart("streams");
            for (String s : Streams.names(e.streams())) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeBooleanField("complete", e.complete());
            g.writeBooleanField("misaligned", e.misaligned());
            g.writeArrayFieldStart("missing");
            for (int m : e.missingSources()) {
                g.writeNumber(m);
            }
            g.writeEndArray();
            g.writeNumberField("E_PS", e.ePs());
            g.writeNumberField("E_ECAL", e.eEcal());
            g.writeNumberField("E_HCAL", e.eHcal());
            g.writeNumberField("E_VETO", e.eVeto());
            g.writeNumberField("E_SRD", e.eSrd());
            g.writeNumberField("trigger_time_ns", e.triggerTimeNs());
            g.writeNumberField("flags", e.flags());
            g.writeNumberField("fragments", e.fragments().size());
        });
    }

    /** One spill summary. */
    public static String spill(SpillSummary s) {
        return object(g -> {
            g.writeStringField("kind", "spill");
            g.writeNumberField("run", s.run);
            g.writeNumberField("spill", s.spill);
            g.writeNumberField("triggers", s.triggers);
            g.writeNumberField("complete", s.complete);
            g.writeNumberField("incomplete", s.incomplete);
            g.writeNumberField("duplicates", s.duplicates);
            g.writeNumberField("protocol_errors", s.protocolErrors);
            g.writeObjectFieldStart("accepted");
            for (int i = 0; i < Streams.COUNT; i++) {
                g.writeNumberField(Streams.name(i), s.accepted[i]);
            }
            g.writeEndObject();
            g.writeNumberField("eot", s.eot);
            g.writeNumberField("late", s.late);
            g.writeNumberField("misaligned", s.misaligned);
            g.writeNumberField("fragments_received", s.fragmentsReceived);
            g.writeBooleanField("triggers_from_trigger_unit", s.triggersFromTriggerUnit);
            g.writeNumberField("triggers_scaler", s.triggersScaler);
            g.writeNumberField("dead_time_ns", s.deadTimeNs);
            g.writeObjectFieldStart("missing_per_source");
            for (Map.Entry<Integer, Long> m : s.missingPerSource.entrySet()) {
                g.writeNumberField(Integer.toString(m.getKey()), m.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("sources_not_ended");
            for (int id : s.sourcesNotEnded) {
                g.writeNumber(id);
            }
            g.writeEndArray();
            g.writeStringField("closed_by", s.closeReason.name().toLowerCase(Locale.ROOT));
            g.writeStringField("config_hash", s.configHash == null ? "" : s.configHash);
            g.writeNumberField("begin_wall_clock_ns", s.beginWallClockNs);
            g.writeNumberField("closed_wall_clock_ns", s.closedWallClockNs);
        });
    }
}

package na64.daq.app;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import na64.daq.pipeline.SpillSummary;
import na64.daq.store.StoredConfig;
import na64.daq.store.StoredEvent;
import na64.daq.store.StoredRun;
import na64.daq.trigger.Streams;

/**
 * The JSON-lines rendering shared by {@code daq dump} and {@code daq replay}: one object per stored
 * event, spill summary, begin- and end-of-run record and configuration, with the field names of the samples' {@code .expected.jsonl}, written
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

    /** A begin- or end-of-run record: {"kind": "run_begin" | "run_end", ...}. */
    public static String run(StoredRun r) {
        return object(g -> {
            g.writeStringField("kind", r.phase() == StoredRun.Phase.BEGIN ? "run_begin" : "run_end");
            if (r.run() == StoredRun.NO_RUN) {
                g.writeNullField("run");
            } else {
                g.writeNumberField("run", r.run());
            }
            g.writeStringField("time", java.time.Instant.ofEpochSecond(0, r.wallClockNs()).toString());
            g.writeNumberField("wall_clock_ns", r.wallClockNs());
            g.writeStringField("requested_by", r.requestedBy());
            g.writeStringField("detail", r.detail());
            g.writeStringField("config_hash", r.configHash() == null ? "" : r.configHash());
            if (r.phase() == StoredRun.Phase.END) {
                g.writeNumberField("spills", r.spills());
                g.writeNumberField("begin_of_spill_other_run", r.otherRunBegins());
            }
        });
    }

    /** A configuration record: {"kind": "config", "config_hash", "time", "yaml"}. */
    public static String config(StoredConfig c) {
        return object(g -> {
            g.writeStringField("kind", "config");
            g.writeStringField("config_hash", c.hash());
            g.writeStringField("time", java.time.Instant.ofEpochSecond(0, c.wallClockNs()).toString());
            g.writeStringField("yaml", c.yaml());
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

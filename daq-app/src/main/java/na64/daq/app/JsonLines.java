package na64.daq.app;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import na64.daq.store.SpillSummary;
import na64.daq.store.StoredEvent;
import na64.daq.trigger.Streams;

/**
 * The JSON-lines rendering shared by {@code daq dump} and {@code daq replay}: one object per stored
 * event and per spill summary, with the field names of the samples' {@code .expected.jsonl}.
 * Energies are in MeV and printed with Java's shortest round-trip form, so no precision is lost.
 */
public final class JsonLines {
    private JsonLines() {
    }

    /** One stored event. */
    public static String event(StoredEvent e) {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"kind\":\"event\",\"run\":").append(e.run())
                .append(",\"spill\":").append(e.spill())
                .append(",\"event\":").append(e.event())
                .append(",\"trigger_type\":").append(e.triggerType())
                .append(",\"streams\":");
        strings(b, Streams.names(e.streams()));
        b.append(",\"complete\":").append(e.complete())
                .append(",\"misaligned\":").append(e.misaligned())
                .append(",\"missing\":[");
        int[] missing = e.missingSources();
        for (int i = 0; i < missing.length; i++) {
            b.append(i > 0 ? "," : "").append(missing[i]);
        }
        b.append("],\"E_PS\":").append(e.ePs())
                .append(",\"E_ECAL\":").append(e.eEcal())
                .append(",\"E_HCAL\":").append(e.eHcal())
                .append(",\"E_VETO\":").append(e.eVeto())
                .append(",\"E_SRD\":").append(e.eSrd())
                .append(",\"trigger_time_ns\":").append(e.triggerTimeNs())
                .append(",\"flags\":").append(e.flags())
                .append(",\"fragments\":").append(e.fragments().size())
                .append('}');
        return b.toString();
    }

    /** One spill summary. */
    public static String spill(SpillSummary s) {
        StringBuilder b = new StringBuilder(384);
        b.append("{\"kind\":\"spill\",\"run\":").append(s.run)
                .append(",\"spill\":").append(s.spill)
                .append(",\"triggers\":").append(s.triggers)
                .append(",\"complete\":").append(s.complete)
                .append(",\"incomplete\":").append(s.incomplete)
                .append(",\"duplicates\":").append(s.duplicates)
                .append(",\"protocol_errors\":").append(s.protocolErrors)
                .append(",\"accepted\":{");
        for (int i = 0; i < Streams.COUNT; i++) {
            b.append(i > 0 ? "," : "").append('"').append(Streams.name(i)).append("\":").append(s.accepted[i]);
        }
        b.append("},\"eot\":").append(s.eot)
                .append(",\"late\":").append(s.late)
                .append(",\"misaligned\":").append(s.misaligned)
                .append(",\"fragments_received\":").append(s.fragmentsReceived)
                .append(",\"triggers_from_trigger_unit\":").append(s.triggersFromTriggerUnit)
                .append(",\"triggers_scaler\":").append(s.triggersScaler)
                .append(",\"dead_time_ns\":").append(s.deadTimeNs)
                .append(",\"missing_per_source\":{");
        int k = 0;
        for (Map.Entry<Integer, Long> m : s.missingPerSource.entrySet()) {
            b.append(k++ > 0 ? "," : "").append('"').append(m.getKey()).append("\":").append(m.getValue());
        }
        b.append("},\"sources_not_ended\":").append(s.sourcesNotEnded.toString().replace(" ", ""))
                .append(",\"closed_by\":\"").append(s.closeReason.name().toLowerCase(Locale.ROOT)).append('"')
                .append(",\"config_hash\":\"").append(s.configHash == null ? "" : s.configHash).append('"')
                .append(",\"begin_wall_clock_ns\":").append(s.beginWallClockNs)
                .append(",\"closed_wall_clock_ns\":").append(s.closedWallClockNs)
                .append('}');
        return b.toString();
    }

    private static void strings(StringBuilder b, List<String> names) {
        b.append('[');
        for (int i = 0; i < names.size(); i++) {
            b.append(i > 0 ? "," : "").append('"').append(names.get(i)).append('"');
        }
        b.append(']');
    }
}

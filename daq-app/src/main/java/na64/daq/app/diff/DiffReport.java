package na64.daq.app.diff;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import na64.daq.trigger.Streams;

/**
 * How {@code daq diff} shows a {@link DecisionDiff}: for a person, a table of accepted counts per
 * stream and then a table of the changed events; with {@code --json}, one line per changed event
 * ({@code "kind":"change"}) and a last {@code "kind":"diff-summary"} line, energies under the names
 * {@code daq dump} uses, in Java's round-trip form of a double.
 */
final class DiffReport {
    private static final JsonFactory JSON = new JsonFactory();

    private DiffReport() {
    }

    /** The human-readable report; {@code a} and {@code b} say where each configuration came from. */
    static void text(PrintStream out, DecisionDiff d, String a, String b) {
        out.println("A: " + a);
        out.println("B: " + b);
        out.println();
        long[] na = d.acceptedA();
        long[] nb = d.acceptedB();
        out.printf(Locale.ROOT, "%-12s %10s %10s %10s%n", "accepted", "A", "B", "B - A");
        for (int i = 0; i < Streams.COUNT; i++) {
            long delta = nb[i] - na[i];
            out.printf(Locale.ROOT, "%-12s %10d %10d %10s%n", Streams.name(i), na[i], nb[i],
                    delta == 0 ? "0" : String.format(Locale.ROOT, "%+d", delta));
        }
        out.println();
        List<DecisionDiff.Change> changes = d.changes();
        if (changes.isEmpty()) {
            out.println("no event changes streams");
            return;
        }
        out.println(changes.size() + (changes.size() == 1 ? " event changes" : " events change")
                + " streams (energies in MeV):");
        int w = 1;
        for (DecisionDiff.Change c : changes) {
            w = Math.max(w, Math.max(streams(c.a()).length(), streams(c.b()).length()));
        }
        String row = "%8s %6s %8s  %-" + w + "s  %-" + w + "s %10s %10s %10s %8s %8s%n";
        out.printf(Locale.ROOT, row, "run", "spill", "event", "A", "B", "E_PS", "E_ECAL", "E_HCAL", "E_VETO", "E_SRD");
        for (DecisionDiff.Change c : changes) {
            Decisions.Decision e = c.energies();
            out.printf(Locale.ROOT, row, c.key().run(), c.key().spill(), c.key().event(), streams(c.a()), streams(c.b()),
                    mev(e.ePs(), 2), mev(e.eEcal(), 2), mev(e.eHcal(), 2), mev(e.eVeto(), 3), mev(e.eSrd(), 3));
        }
    }

    private static String mev(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String streams(int mask) {
        return mask == 0 ? "-" : String.join(",", Streams.names(mask));
    }

    /** The JSON lines: one per changed event, then the summary. */
    static void json(PrintStream out, DecisionDiff d) {
        for (DecisionDiff.Change c : d.changes()) {
            out.println(object(g -> {
                g.writeStringField("kind", "change");
                g.writeNumberField("run", c.key().run());
                g.writeNumberField("spill", c.key().spill());
                g.writeNumberField("event", c.key().event());
                names(g, "a", c.a());
                names(g, "b", c.b());
                Decisions.Decision e = c.energies();
                g.writeNumberField("E_PS", e.ePs());
                g.writeNumberField("E_ECAL", e.eEcal());
                g.writeNumberField("E_HCAL", e.eHcal());
                g.writeNumberField("E_VETO", e.eVeto());
                g.writeNumberField("E_SRD", e.eSrd());
            }));
        }
        out.println(object(g -> {
            g.writeStringField("kind", "diff-summary");
            counts(g, "a", d.acceptedA());
            counts(g, "b", d.acceptedB());
            g.writeNumberField("changed", d.changes().size());
        }));
    }

    private static void names(JsonGenerator g, String field, int mask) throws IOException {
        g.writeArrayFieldStart(field);
        for (String s : Streams.names(mask)) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    private static void counts(JsonGenerator g, String field, long[] accepted) throws IOException {
        g.writeObjectFieldStart(field);
        for (int i = 0; i < Streams.COUNT; i++) {
            g.writeNumberField(Streams.name(i), accepted[i]);
        }
        g.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String object(Body body) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }
}

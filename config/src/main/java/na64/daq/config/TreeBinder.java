package na64.daq.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Turns the merged YAML tree into a {@link RunConfig}, reporting wrong types, missing values and
 * unknown keys with their paths into {@link Problems}.
 *
 * <p>Hand-written rather than Jackson data binding because databind stops at the first problem and
 * words it for Java developers; an operator needs every problem at once, named by its YAML path.
 * A value that cannot be read becomes a placeholder (0, "", null) and its path is marked unreadable,
 * so validation afterwards does not report echoes of it.
 */
final class TreeBinder {

    private final Problems problems;

    TreeBinder(Problems problems) {
        this.problems = problems;
    }

    /** Binds {@code root}, which must be a mapping; the hash is left {@code null}. */
    RunConfig bind(JsonNode root) {
        Obj r = object("", root, "beam", "sources", "channelMap", "reconstruction", "streams", "builder",
                "ingest", "store", "monitoring");

        Obj b = r.object("beam", "particle", "energyMeV");
        RunConfig.Beam beam = new RunConfig.Beam(b.string("particle"), b.number("energyMeV"));

        List<RunConfig.SourceConfig> sources = new ArrayList<>();
        for (Element e : r.list("sources")) {
            Obj s = object(e.path, e.node, "id", "name", "kind", "channels");
            sources.add(new RunConfig.SourceConfig(s.integer("id"), s.string("name"),
                    s.enumValue("kind", RunConfig.SourceKind.class), s.integer("channels")));
        }

        List<RunConfig.ChannelRange> channelMap = new ArrayList<>();
        for (Element e : r.list("channelMap")) {
            channelMap.add(channelRange(e));
        }

        Obj rc = r.object("reconstruction", "pedestalSamples", "thresholdCounts");
        RunConfig.Reconstruction reconstruction =
                new RunConfig.Reconstruction(rc.integer("pedestalSamples"), rc.integer("thresholdCounts"));

        Obj st = r.object("streams", "invisible", "random", "calibration");
        Obj inv = st.object("invisible", "enabled", "prescale", "srd", "ps", "ecal", "hcal", "veto");
        Obj srd = inv.object("srd", "min", "max");
        RunConfig.Invisible invisible = new RunConfig.Invisible(inv.bool("enabled"), inv.integer("prescale"),
                new RunConfig.Window(srd.number("min"), srd.number("max")),
                new RunConfig.Min(inv.object("ps", "min").number("min")),
                new RunConfig.Fraction(inv.object("ecal", "fraction").number("fraction")),
                new RunConfig.Max(inv.object("hcal", "max").number("max")),
                new RunConfig.Max(inv.object("veto", "max").number("max")));
        Obj rnd = st.object("random", "enabled", "prescale");
        Obj cal = st.object("calibration", "enabled", "everyNth");
        RunConfig.Streams streams = new RunConfig.Streams(invisible,
                new RunConfig.RandomStream(rnd.bool("enabled"), rnd.integer("prescale")),
                new RunConfig.Calibration(cal.bool("enabled"), cal.integer("everyNth")));

        Obj bu = r.object("builder", "buildTimeoutMs", "spillTimeoutMs", "maxInFlightEvents", "ringSize");
        RunConfig.Builder builder = new RunConfig.Builder(bu.lng("buildTimeoutMs"), bu.lng("spillTimeoutMs"),
                bu.integer("maxInFlightEvents"), bu.integer("ringSize"));

        Obj in = r.object("ingest", "bindAddress", "port", "allowedPeers", "silenceTimeoutMs",
                "helloTimeoutMs", "idleTimeoutMs", "maxPendingConnections");
        List<String> peers = new ArrayList<>();
        for (Element e : in.list("allowedPeers")) {
            peers.add(stringValue(e.path, e.node));
        }
        RunConfig.Ingest ingest = new RunConfig.Ingest(in.string("bindAddress"), in.integer("port"),
                List.copyOf(peers), in.lng("silenceTimeoutMs"), in.lng("helloTimeoutMs"), in.lng("idleTimeoutMs"),
                in.integer("maxPendingConnections"));

        Obj so = r.object("store", "path", "storeIncomplete", "syncAtSpillEnd");
        RunConfig.Store store = new RunConfig.Store(so.string("path"), so.bool("storeIncomplete"),
                so.bool("syncAtSpillEnd"));

        Obj mo = r.object("monitoring", "bindAddress", "port", "token");
        RunConfig.Monitoring monitoring = new RunConfig.Monitoring(mo.string("bindAddress"), mo.integer("port"),
                mo.nullableString("token"));

        return new RunConfig(beam, List.copyOf(sources), List.copyOf(channelMap), reconstruction, streams,
                builder, ingest, store, monitoring, null);
    }

    private RunConfig.ChannelRange channelRange(Element e) {
        Obj c = object(e.path, e.node, "source", "first", "count", "detector", "calibration", "calibrations");
        List<Double> calibrations = new ArrayList<>();
        for (Element x : c.optionalList("calibrations")) {
            if (x.node.isNumber()) {
                calibrations.add(x.node.doubleValue());
            } else {
                problems.unreadable(x.path, "expected a number, got " + describe(x.node));
                calibrations.add(0.0);
            }
        }
        // One constant for the range is required unless per-channel constants are given.
        double calibration = calibrations.isEmpty() || c.has("calibration") ? c.number("calibration") : 0.0;
        return new RunConfig.ChannelRange(c.integer("source"), c.integer("first"), c.integer("count"),
                c.enumValue("detector", RunConfig.Detector.class), calibration, List.copyOf(calibrations));
    }

    /** A mapping at {@code path}; {@code node == null} means its parent was unreadable (silent placeholders). */
    private Obj object(String path, JsonNode node, String... keys) {
        if (node == null) {
            return new Obj(path, null);
        }
        if (!node.isObject()) {
            problems.unreadable(path.isEmpty() ? "(top level)" : path, "expected a mapping, got " + describe(node));
            return new Obj(path, null);
        }
        List<String> known = Arrays.asList(keys);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problems.always(child(path, key), "unknown key (expected one of " + String.join(", ", keys) + ")");
            }
        }
        return new Obj(path, node);
    }

    private String stringValue(String path, JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        problems.unreadable(path, "expected a string, got " + describe(v));
        return "";
    }

    /** A value as the operator wrote it, short enough for one line. */
    static String describe(JsonNode v) {
        if (v.isNull()) {
            return "null";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        String s = v.toString(); // text comes out JSON-quoted and escaped, which keeps it on one line
        return s.length() > 60 ? s.substring(0, 57) + "...\"" : s;
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** One list entry and its path, e.g. {@code sources[2]}. */
    private record Element(String path, JsonNode node) {
    }

    /** Typed reads from one mapping; every read of a missing or mistyped value reports it and gives a placeholder. */
    private final class Obj {
        private final String path;
        private final JsonNode node;

        Obj(String path, JsonNode node) {
            this.path = path;
            this.node = node;
        }

        boolean has(String key) {
            return node != null && node.has(key);
        }

        /** The value, or {@code null} (reported as missing unless this mapping itself is a placeholder). */
        private JsonNode value(String key) {
            if (node == null) {
                return null;
            }
            JsonNode v = node.get(key);
            if (v == null) {
                problems.unreadable(child(path, key), "required but missing");
            }
            return v;
        }

        private void wrong(String key, String expected, JsonNode v) {
            problems.unreadable(child(path, key), "expected " + expected + ", got " + describe(v));
        }

        Obj object(String key, String... keys) {
            return TreeBinder.this.object(child(path, key), value(key), keys);
        }

        int integer(String key) {
            JsonNode v = value(key);
            if (v == null) {
                return 0;
            }
            if (v.isIntegralNumber() && v.canConvertToInt()) {
                return v.intValue();
            }
            wrong(key, v.isIntegralNumber() ? "an integer within ±2147483647" : "an integer", v);
            return 0;
        }

        long lng(String key) {
            JsonNode v = value(key);
            if (v == null) {
                return 0;
            }
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                return v.longValue();
            }
            wrong(key, v.isIntegralNumber() ? "a 64-bit integer" : "an integer", v);
            return 0;
        }

        double number(String key) {
            JsonNode v = value(key);
            if (v == null) {
                return 0;
            }
            if (v.isNumber()) {
                return v.doubleValue();
            }
            wrong(key, "a number", v);
            return 0;
        }

        boolean bool(String key) {
            JsonNode v = value(key);
            if (v == null) {
                return false;
            }
            if (v.isBoolean()) {
                return v.booleanValue();
            }
            wrong(key, "true or false", v);
            return false;
        }

        String string(String key) {
            JsonNode v = value(key);
            return v == null ? "" : stringValue(child(path, key), v);
        }

        String nullableString(String key) {
            JsonNode v = value(key);
            return v == null || v.isNull() ? null : stringValue(child(path, key), v);
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type) {
            JsonNode v = value(key);
            if (v == null) {
                return null;
            }
            if (v.isTextual()) {
                String wanted = v.textValue().trim().toUpperCase(Locale.ROOT).replace('-', '_');
                for (E c : type.getEnumConstants()) {
                    if (c.name().equals(wanted)) {
                        return c;
                    }
                }
            }
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name());
            }
            wrong(key, "one of " + String.join(", ", names), v);
            return null;
        }

        List<Element> list(String key) {
            return elements(key, value(key));
        }

        /** Like {@link #list} but absent or null means empty. */
        List<Element> optionalList(String key) {
            JsonNode v = node == null ? null : node.get(key);
            return v == null || v.isNull() ? List.of() : elements(key, v);
        }

        private List<Element> elements(String key, JsonNode v) {
            if (v == null) {
                return List.of();
            }
            if (!v.isArray()) {
                wrong(key, "a list", v);
                return List.of();
            }
            List<Element> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                out.add(new Element(child(path, key) + "[" + i + "]", v.get(i)));
            }
            return out;
        }
    }
}

package na64.daq.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link RunConfig} back to a tree with the same keys as the YAML it was read from: as
 * YAML for the operator, and as canonical JSON for the content hash (which leaves out the
 * {@linkplain RunConfig#DEPLOYMENT_KEYS deployment keys}).
 *
 * <p>The tree is built from the record, not kept from the input, so the hash depends on the values
 * alone: key order, comments, flow or block style, {@code 100000} or {@code 1.0e5} all give the same
 * canonical text.
 */
final class ConfigRenderer {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    // Strings are always quoted: a token or name like "123", "yes" or "1e5" must read back as a string.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private ConfigRenderer() {
    }

    /** The config as a tree in record order; {@code hash} is not part of it. */
    static ObjectNode toTree(RunConfig c, boolean canonical) {
        ObjectNode root = F.objectNode();
        root.putObject("beam").put("particle", c.beam().particle()).put("energyMeV", c.beam().energyMeV());
        ArrayNode sources = root.putArray("sources");
        for (RunConfig.SourceConfig s : c.sources()) {
            sources.addObject().put("id", s.id()).put("name", s.name())
                    .put("kind", s.kind() == null ? null : s.kind().name().toLowerCase(Locale.ROOT))
                    .put("channels", s.channels());
        }
        ArrayNode map = root.putArray("channelMap");
        for (RunConfig.ChannelRange r : c.channelMap()) {
            ObjectNode o = map.addObject().put("source", r.source()).put("first", r.first()).put("count", r.count())
                    .put("detector", r.detector() == null ? null : r.detector().name())
                    .put("calibration", r.calibration());
            List<Double> cs = r.calibrations() == null ? List.of() : r.calibrations();
            // Canonically an absent list and an empty one are the same; in YAML, leave the noise out.
            if (canonical || !cs.isEmpty()) {
                ArrayNode a = o.putArray("calibrations");
                cs.forEach(a::add);
            }
        }
        root.putObject("reconstruction").put("pedestalSamples", c.reconstruction().pedestalSamples())
                .put("thresholdCounts", c.reconstruction().thresholdCounts());
        ObjectNode streams = root.putObject("streams");
        RunConfig.Invisible i = c.streams().invisible();
        ObjectNode inv = streams.putObject("invisible").put("enabled", i.enabled()).put("prescale", i.prescale());
        inv.putObject("srd").put("min", i.srd().min()).put("max", i.srd().max());
        inv.putObject("ps").put("min", i.ps().min());
        inv.putObject("ecal").put("fraction", i.ecal().fraction());
        inv.putObject("hcal").put("max", i.hcal().max());
        inv.putObject("veto").put("max", i.veto().max());
        streams.putObject("random").put("enabled", c.streams().random().enabled())
                .put("prescale", c.streams().random().prescale());
        streams.putObject("calibration").put("enabled", c.streams().calibration().enabled())
                .put("everyNth", c.streams().calibration().everyNth());
        RunConfig.Builder b = c.builder();
        root.putObject("builder").put("buildTimeoutMs", b.buildTimeoutMs()).put("spillTimeoutMs", b.spillTimeoutMs())
                .put("maxInFlightEvents", b.maxInFlightEvents()).put("ringSize", b.ringSize());
        RunConfig.Ingest in = c.ingest();
        ObjectNode ingest = root.putObject("ingest").put("bindAddress", in.bindAddress()).put("port", in.port());
        ArrayNode peers = ingest.putArray("allowedPeers");
        in.allowedPeers().forEach(peers::add);
        ingest.put("silenceTimeoutMs", in.silenceTimeoutMs()).put("helloTimeoutMs", in.helloTimeoutMs())
                .put("idleTimeoutMs", in.idleTimeoutMs()).put("maxPendingConnections", in.maxPendingConnections());
        root.putObject("store").put("path", c.store().path()).put("storeIncomplete", c.store().storeIncomplete())
                .put("syncAtSpillEnd", c.store().syncAtSpillEnd());
        root.putObject("monitoring").put("bindAddress", c.monitoring().bindAddress())
                .put("port", c.monitoring().port()).put("token", c.monitoring().token());
        return root;
    }

    /** Compact JSON with keys sorted at every level, without the deployment keys; the input of the hash. */
    static String canonicalJson(RunConfig c) {
        ObjectNode tree = toTree(c, true);
        for (String key : RunConfig.DEPLOYMENT_KEYS) {
            int dot = key.indexOf('.');
            if (dot < 0) {
                tree.remove(key);
            } else {
                ((ObjectNode) tree.get(key.substring(0, dot))).remove(key.substring(dot + 1));
            }
        }
        try {
            return JSON.writeValueAsString(sorted(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a JSON tree", e);
        }
    }

    /** First 16 lower-case hex digits of the SHA-256 of {@link #canonicalJson}. */
    static String hash(RunConfig c) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonicalJson(c).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    /** The config as YAML that {@link ConfigLoader#parse} reads back to an equal config. */
    static String toYaml(RunConfig c) {
        String hash = c.hash() != null ? c.hash() : hash(c);
        try {
            return "# Effective NA64 DAQ run configuration, hash " + hash + "\n" + YAML.writeValueAsString(toTree(c, false));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a YAML tree", e);
        }
    }

    private static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            Collections.sort(keys);
            ObjectNode o = F.objectNode();
            for (String k : keys) {
                o.set(k, sorted(n.get(k)));
            }
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = F.arrayNode();
            n.forEach(e -> a.add(sorted(e)));
            return a;
        }
        return n;
    }
}

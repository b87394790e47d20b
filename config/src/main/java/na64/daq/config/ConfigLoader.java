package na64.daq.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads run configurations: the embedded default (spec appendix A and §8) and user files laid over it.
 *
 * <p>A user file is merged into the default's YAML tree before anything is read from it: mappings
 * merge key by key, lists and single values replace. So a file holding only the one cut it changes is
 * a complete configuration. The merged tree is then bound (types, unknown keys) and validated, and
 * every problem found is thrown at once in one {@link ConfigException}. A config that loads carries
 * its content {@linkplain #hash(RunConfig) hash}.
 */
public final class ConfigLoader {

    /** Classpath location of the embedded default. */
    public static final String DEFAULT_RESOURCE = "/na64/daq/config/default-run.yaml";

    private static final String DEFAULT_ORIGIN = "embedded default-run.yaml";

    // Duplicate keys are an error rather than last-one-wins: one of the two is a typo the operator must see.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Parsed once; callers get a deep copy so merging can never alter it. */
    private static volatile ObjectNode defaultTree;

    private ConfigLoader() {
    }

    /** The embedded default configuration, validated and hashed. */
    public static RunConfig loadDefault() {
        return build(defaultTree());
    }

    /**
     * Reads {@code file} (UTF-8 YAML) laid over the embedded default.
     *
     * @throws ConfigException {@code <file>: no such file}, read errors, or the problems of {@link #parse}
     */
    public static RunConfig load(Path file) {
        String origin = file.toString();
        if (Files.isDirectory(file)) {
            throw new ConfigException(origin + ": is a directory, not a file");
        }
        if (!Files.exists(file)) {
            throw new ConfigException(origin + ": no such file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigException(origin + ": not valid UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(origin + ": cannot read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
        return parse(text, origin);
    }

    /**
     * Reads YAML text laid over the embedded default. An empty text gives the default.
     *
     * @param yaml   the configuration text
     * @param origin where it came from (a file name), used in syntax error messages
     * @throws ConfigException with every problem found, one line each
     */
    public static RunConfig parse(String yaml, String origin) {
        JsonNode user = readYaml(yaml, origin);
        ObjectNode merged = defaultTree();
        if (user != null) {
            if (!user.isObject()) {
                throw new ConfigException(origin + ": the top level must be a mapping of sections (beam, sources, "
                        + "...), got " + TreeBinder.describe(user));
            }
            merge(merged, (ObjectNode) user);
        }
        return build(merged);
    }

    /** The effective configuration as YAML, readable again by {@link #parse}; for {@code daq config --print}. */
    public static String toYaml(RunConfig config) {
        return ConfigRenderer.toYaml(config);
    }

    /**
     * The canonical JSON rendering the hash is computed over: keys sorted at every level, no
     * whitespace, no hash field, no {@linkplain RunConfig#DEPLOYMENT_KEYS deployment keys}. It holds
     * everything that decides what a run records; {@link #toYaml} has the whole configuration.
     */
    public static String canonicalJson(RunConfig config) {
        return ConfigRenderer.canonicalJson(config);
    }

    /**
     * Content hash of {@code config}, ignoring its {@code hash} field and its deployment keys: the first
     * 16 lower-case hex digits of the SHA-256 of {@link #canonicalJson}. Equal content gives an equal
     * hash however it was written, and wherever the service listens or stores.
     */
    public static String hash(RunConfig config) {
        return ConfigRenderer.hash(config);
    }

    private static RunConfig build(ObjectNode tree) {
        Problems problems = new Problems();
        RunConfig bound = new TreeBinder(problems).bind(tree);
        new ConfigValidator(problems).validate(bound);
        problems.throwIfAny();
        return new RunConfig(bound.beam(), bound.sources(), bound.channelMap(), bound.reconstruction(),
                bound.streams(), bound.builder(), bound.ingest(), bound.store(), bound.monitoring(),
                ConfigRenderer.hash(bound));
    }

    /** Deep merge: mappings merge key by key; anything else in {@code over} (lists, scalars, null) replaces. */
    static void merge(ObjectNode base, ObjectNode over) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode b = base.get(e.getKey());
            if (b != null && b.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) b, (ObjectNode) e.getValue());
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    /** The YAML tree of {@code text}, or {@code null} when it holds no document (empty, only comments). */
    private static JsonNode readYaml(String text, String origin) {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonNode node = YAML.readTree(parser);
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new ConfigException(origin + ": line " + at.getLineNr() + ", column " + at.getColumnNr()
                        + ": more than one YAML document (a run file holds exactly one)");
            }
            return node == null || node.isMissingNode() || node.isNull() ? null : node;
        } catch (JsonProcessingException e) {
            throw new ConfigException(YamlErrors.describe(origin, e));
        } catch (IOException e) {
            throw new ConfigException(origin + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static ObjectNode defaultTree() {
        ObjectNode tree = defaultTree;
        if (tree == null) {
            try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("embedded default " + DEFAULT_RESOURCE + " missing from the jar");
                }
                JsonNode n = readYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_ORIGIN);
                tree = (ObjectNode) n;
                defaultTree = tree;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read embedded default " + DEFAULT_RESOURCE, e);
            }
        }
        return tree.deepCopy();
    }
}

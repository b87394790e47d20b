package na64.daq.farm.builder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a builder writes next to each committed offset of a frames partition, so that the next
 * owner can rebuild from that offset without counting or storing anything twice. JSON, a few
 * hundred bytes (Kafka's default limit is 4096):
 * <pre>
 *  {"below": [run, spill] | null,   records of spills before this one are done: skip them
 *   "stores": ["/path", ...],       builder stores that may hold events of this partition at or
 *                                   after "below" (the next owner reads their keys, stores them never again)
 *   "until": offset}                the stores other than the committer's own are needed until the
 *                                   committed offset reaches this one
 * </pre>
 */
public record CommitMetadata(SpillKey below, List<String> stores, long until) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final CommitMetadata NONE = new CommitMetadata(null, List.of(), 0);

    public CommitMetadata {
        stores = List.copyOf(stores);
    }

    /** The metadata after {@code store} took the partition over at a moment its log ended at {@code endOffset}. */
    public CommitMetadata takenOverBy(String store, long endOffset) {
        Set<String> s = new LinkedHashSet<>(stores);
        boolean others = !(s.isEmpty() || s.equals(Set.of(store)));
        s.add(store);
        return new CommitMetadata(below, new ArrayList<>(s), others ? Math.max(until, endOffset) : until);
    }

    /** The metadata to commit at {@code offset} by {@code store}, with {@code newBelow}: older owners' stores drop out once passed. */
    public CommitMetadata committedAt(long offset, SpillKey newBelow, String store) {
        List<String> s = offset >= until ? List.of(store) : stores;
        return new CommitMetadata(newBelow, s, until);
    }

    public String encode() {
        ObjectNode n = JSON.createObjectNode();
        if (below != null) {
            n.putArray("below").add(below.run()).add(below.spill());
        } else {
            n.putNull("below");
        }
        stores.forEach(n.putArray("stores")::add);
        n.put("until", until);
        return n.toString();
    }

    /** Decodes committed metadata; empty or foreign metadata reads as {@link #NONE}. */
    public static CommitMetadata decode(String s) {
        if (s == null || s.isBlank()) {
            return NONE;
        }
        try {
            JsonNode n = JSON.readTree(s);
            JsonNode b = n.path("below");
            SpillKey below = b.isArray() ? new SpillKey(b.get(0).asLong(), b.get(1).asLong()) : null;
            List<String> stores = new ArrayList<>();
            n.path("stores").forEach(x -> stores.add(x.asText()));
            return new CommitMetadata(below, stores, n.path("until").asLong());
        } catch (java.io.IOException e) {
            return NONE;
        }
    }
}

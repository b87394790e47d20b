package na64.daq.ingest;

import io.netty.channel.Channel;

import na64.daq.config.RunConfig;
import na64.daq.pipeline.SourceIndex;
import na64.daq.protocol.HelloFlyweight;

/**
 * Which configured source has a live connection (spec §1: one at a time). Touched by the ingest
 * event loop only, so it needs no locking.
 */
final class SourceRegistry {
    private final SourceIndex index;
    /** The live connection per source index. */
    private final Channel[] live;
    private final RunConfig config;

    SourceRegistry(RunConfig config, SourceIndex index) {
        this.config = config;
        this.index = index;
        this.live = new Channel[index.count()];
    }

    /**
     * Null when a (valid) HELLO from configured source {@code id} matches its configuration: board
     * kind, channel count and name; else the reason, for the ERROR frame (issue 11, item 15).
     */
    String mismatch(int id, HelloFlyweight hello) {
        RunConfig.SourceConfig s = config.source(id);
        int kind = s.boardKind();
        String name = hello.name();
        if (hello.boardKind() != kind) {
            return "source " + id + " (" + s.name() + ") is configured as " + s.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " (board kind " + kind + "), the HELLO says board kind " + hello.boardKind();
        }
        if (hello.channelCount() != s.channels()) {
            return "source " + id + " (" + s.name() + ") is configured with " + s.channels() + " channels, the HELLO says "
                    + hello.channelCount();
        }
        if (!name.equals(s.name())) {
            return "source " + id + " is configured as \"" + s.name() + "\", the HELLO names the board \"" + name + "\"";
        }
        return null;
    }

    /** The live connection of configured source {@code sourceId}, or null. */
    Channel live(int sourceId) {
        return live[index.of(sourceId)];
    }

    boolean isConfigured(int sourceId) {
        return index.of(sourceId) != SourceIndex.NONE;
    }

    /** Maximum channel count a fragment of configured source {@code sourceId} may carry (its configured channels). */
    int channelLimit(int sourceId) {
        return config.sources().get(index.of(sourceId)).channels();
    }

    /** Makes {@code channel} the live connection of configured source {@code sourceId}. */
    void register(int sourceId, Channel channel) {
        live[index.of(sourceId)] = channel;
    }

    /** Forgets {@code channel} as the live connection of {@code sourceId}; false if another one is live now. */
    boolean unregister(int sourceId, Channel channel) {
        int i = index.of(sourceId);
        if (live[i] == channel) {
            live[i] = null;
            return true;
        }
        return false;
    }
}

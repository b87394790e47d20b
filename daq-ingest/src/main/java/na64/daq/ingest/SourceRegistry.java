package na64.daq.ingest;

import io.netty.channel.Channel;

import na64.daq.config.RunConfig;
import na64.daq.protocol.HelloFlyweight;

/**
 * Which configured source has a live connection (spec §1: one at a time). Touched by the ingest
 * event loop only, so it needs no locking.
 */
final class SourceRegistry {
    private final Channel[] live = new Channel[65536];
    /** Configured channel count per source id, -1 for ids the configuration does not expect. */
    private final int[] channels = new int[65536];
    private final RunConfig config;

    SourceRegistry(RunConfig config) {
        this.config = config;
        java.util.Arrays.fill(channels, -1);
        for (RunConfig.SourceConfig s : config.sources()) {
            channels[s.id()] = s.channels();
        }
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

    /** The live connection of {@code sourceId}, or null. */
    Channel live(int sourceId) {
        return live[sourceId];
    }

    boolean isConfigured(int sourceId) {
        return channels[sourceId] >= 0;
    }

    /** Maximum channel count a fragment of this source may carry (its configured channels). */
    int channelLimit(int sourceId) {
        return Math.max(0, channels[sourceId]);
    }

    boolean isLive(int sourceId) {
        return live[sourceId] != null;
    }

    void register(int sourceId, Channel channel) {
        live[sourceId] = channel;
    }

    /** Forgets {@code channel} as the live connection of {@code sourceId}; false if another one is live now. */
    boolean unregister(int sourceId, Channel channel) {
        if (live[sourceId] == channel) {
            live[sourceId] = null;
            return true;
        }
        return false;
    }
}

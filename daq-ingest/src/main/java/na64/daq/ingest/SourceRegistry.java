package na64.daq.ingest;

import io.netty.channel.Channel;

import na64.daq.config.RunConfig;

/**
 * Which configured source has a live connection (spec §1: one at a time). Touched by the ingest
 * event loop only, so it needs no locking.
 */
final class SourceRegistry {
    private final RunConfig config;
    private final Channel[] live = new Channel[65536];

    SourceRegistry(RunConfig config) {
        this.config = config;
    }

    boolean isConfigured(int sourceId) {
        return config.source(sourceId) != null;
    }

    /** Maximum channel count a fragment of this source may carry (its configured channels). */
    int channelLimit(int sourceId) {
        RunConfig.SourceConfig s = config.source(sourceId);
        return s == null ? 0 : s.channels();
    }

    boolean isLive(int sourceId) {
        return live[sourceId] != null;
    }

    void register(int sourceId, Channel channel) {
        live[sourceId] = channel;
    }

    void unregister(int sourceId, Channel channel) {
        if (live[sourceId] == channel) {
            live[sourceId] = null;
        }
    }
}

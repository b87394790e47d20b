package na64.daq.ingest;

import io.netty.channel.Channel;

import na64.daq.config.RunConfig;

/**
 * Which configured source has a live connection (spec §1: one at a time). Touched by the ingest
 * event loop only, so it needs no locking.
 */
final class SourceRegistry {
    private final Channel[] live = new Channel[65536];
    /** Configured channel count per source id, -1 for ids the configuration does not expect. */
    private final int[] channels = new int[65536];

    SourceRegistry(RunConfig config) {
        java.util.Arrays.fill(channels, -1);
        for (RunConfig.SourceConfig s : config.sources()) {
            channels[s.id()] = s.channels();
        }
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

    void unregister(int sourceId, Channel channel) {
        if (live[sourceId] == channel) {
            live[sourceId] = null;
        }
    }
}

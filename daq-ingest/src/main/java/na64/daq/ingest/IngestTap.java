package na64.daq.ingest;

import io.netty.channel.ChannelHandler;

/**
 * Something that sees every connection's bytes as they arrive, before the frame decoder: the raw
 * recorder (issue 12, {@code na64.daq.ingest.recorder}). {@link IngestServer#tap(IngestTap)} puts
 * one handler per connection between the connection watch and the decoder; the handler passes every
 * inbound event on, each read unchanged and in order. It runs on the ingest event loop: when it has
 * to wait (its disk is behind), ingest waits with it, which is backpressure on every front-end.
 */
@FunctionalInterface
public interface IngestTap {
    /** The handler of a new connection. Event loop thread. */
    ChannelHandler open();
}

package na64.daq.monitoring;

import java.net.InetSocketAddress;

/** Address helpers of the monitoring endpoint. */
final class Endpoint {
    private Endpoint() {
    }

    /** Whether {@code address} is loopback, by the configuration's own rule (no DNS lookups). */
    static boolean isLoopback(String address) {
        return na64.daq.config.Addresses.isLoopback(address);
    }

    /** "host:port" for a URL, with IPv6 literals bracketed. */
    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}

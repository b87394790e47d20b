package na64.daq.monitoring;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** Address helpers of the monitoring endpoint. */
final class Endpoint {
    private Endpoint() {
    }

    /**
     * Whether {@code address} is loopback, by the same rule as the configuration validator: only
     * literals (127.0.0.0/8, ::1) and "localhost" count, and no name is ever resolved, so a host name
     * that happens to point at loopback still needs a token.
     */
    static boolean isLoopback(String address) {
        String a = address.trim();
        if (a.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (a.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String o : a.split("\\.")) {
                if (Integer.parseInt(o) > 255) {
                    return false;
                }
            }
            return a.startsWith("127.");
        }
        if (a.contains(":") && a.toLowerCase(Locale.ROOT).matches("[0-9a-f:.%a-z]+")) {
            try {
                return InetAddress.getByName("[" + a + "]").isLoopbackAddress(); // bracketed: a literal, never DNS
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** "host:port" for a URL, with IPv6 literals bracketed. */
    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}

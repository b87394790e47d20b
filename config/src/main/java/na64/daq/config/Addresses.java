package na64.daq.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** Address rules shared by configuration validation and the endpoints that enforce them. */
public final class Addresses {
    private Addresses() {
    }

    /**
     * Whether {@code address} is a loopback address. Only literals and "localhost" count: a host name
     * is never resolved here (no DNS at config time), so any other name needs a token.
     */
    public static boolean isLoopback(String address) {
        String a = address.trim();
        if (a.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (a.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            String[] octets = a.split("\\.");
            for (String o : octets) {
                if (Integer.parseInt(o) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(octets[0]) == 127;
        }
        if (a.contains(":") && a.toLowerCase(Locale.ROOT).matches("[0-9a-z:.%]+")) {
            try {
                // Bracketed, the JDK parses it as an IPv6 literal or fails; it never asks DNS.
                return InetAddress.getByName("[" + a + "]").isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}

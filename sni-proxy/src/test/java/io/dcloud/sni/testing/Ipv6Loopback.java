package io.dcloud.sni.testing;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** The IPv6 tests need ::1; where it is missing they fail and say so instead of being skipped. */
public final class Ipv6Loopback {

    private Ipv6Loopback() {}

    /** ::1, after proving a socket can be bound on it. */
    public static InetAddress require() {
        try {
            InetAddress loopback = InetAddress.getByName("::1");
            if (!(loopback instanceof Inet6Address)) {
                throw new AssertionError(
                        "::1 did not parse as an IPv6 address on this JVM (java.net.preferIPv4Stack?)");
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(loopback, 0));
            }
            return loopback;
        } catch (Exception e) {
            throw new AssertionError(
                    "IPv6 loopback [::1] is not available on this machine (" + e + "); these tests need it:"
                            + " enable IPv6 on lo (sysctl net.ipv6.conf.lo.disable_ipv6=0)",
                    e);
        }
    }
}

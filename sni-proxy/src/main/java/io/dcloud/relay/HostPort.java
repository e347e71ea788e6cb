package io.dcloud.relay;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A host (name or IP literal) and a TCP/UDP port, as written in configs: {@code host:port}, {@code [v6]:port}. */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0-65535: " + port);
        }
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}; the message names what is wrong. Brackets must hold
     * an IPv6 literal, and an IPv6 literal must have them (otherwise its last group would read as the port).
     */
    public static HostPort parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("expected host:port, got nothing");
        }
        String s = text.strip();
        String host;
        String portText;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' after the IPv6 address in '" + text + "'");
            }
            host = s.substring(1, close);
            if (!NetUtil.isValidIpV6Address(host)) {
                throw new IllegalArgumentException(
                        "brackets hold an IPv6 address, as in [::1]:443; '" + host + "' is not one");
            }
            if (!s.startsWith(":", close + 1)) {
                throw new IllegalArgumentException("expected [ipv6]:port, got '" + text + "'");
            }
            portText = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("expected host:port, got '" + text + "'");
            }
            host = s.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException("IPv6 addresses need brackets, as in [::1]:443: '" + text + "'");
            }
            portText = s.substring(colon + 1);
        }
        if (portText.isEmpty()) {
            throw new IllegalArgumentException("expected host:port, got '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in '" + text + "'");
        }
        return new HostPort(host, port);
    }

    /** The address as configs write it: IP literals in their short form ({@code [::1]:443}), names as given. */
    public static HostPort of(InetSocketAddress address) {
        String host = address.getHostString();
        boolean literal = NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
        return new HostPort(
                literal && !address.isUnresolved() ? NetUtil.toAddressString(address.getAddress()) : host,
                address.getPort());
    }

    /**
     * Where to connect: an IP literal is converted here (no resolver round on every connection); a name
     * stays unresolved, so that Netty resolves it at connect time, off the caller's thread.
     */
    public InetSocketAddress socketAddress() {
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        return literal != null ? new InetSocketAddress(literal, port) : InetSocketAddress.createUnresolved(host, port);
    }

    /** Resolved now: listeners need a concrete local address to bind. */
    public InetSocketAddress resolved() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}

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

    /** Parses {@code host:port} or {@code [ipv6]:port}; the message names what is wrong. */
    public static HostPort parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("expected host:port, got nothing");
        }
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + text + "'");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("IPv6 addresses need brackets, as in [::1]:443: '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in '" + text + "'");
        }
        return new HostPort(host, port);
    }

    public static HostPort of(InetSocketAddress address) {
        return new HostPort(address.getHostString(), address.getPort());
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

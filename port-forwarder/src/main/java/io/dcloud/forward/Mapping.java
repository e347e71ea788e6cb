package io.dcloud.forward;

import io.dcloud.relay.HostPort;

/** One forwarded port: what the host listens on and where that traffic goes. */
public record Mapping(HostPort listen, HostPort backend, Protocol protocol, boolean proxyProtocol) {

    public Mapping {
        if (listen == null || backend == null || protocol == null) {
            throw new IllegalArgumentException("a mapping needs listen, backend and protocol");
        }
        if (proxyProtocol && protocol == Protocol.UDP) {
            throw new IllegalArgumentException("PROXY protocol is for TCP mappings only: " + listen);
        }
    }

    public static Mapping tcp(String listen, String backend) {
        return new Mapping(HostPort.parse(listen), HostPort.parse(backend), Protocol.TCP, false);
    }

    public static Mapping udp(String listen, String backend) {
        return new Mapping(HostPort.parse(listen), HostPort.parse(backend), Protocol.UDP, false);
    }

    /** The name its connections and bytes are counted under, e.g. {@code tcp 0.0.0.0:20000 -> 10.0.0.5:22}. */
    public String key() {
        return protocol.name().toLowerCase(java.util.Locale.ROOT) + " " + listen + " -> " + backend;
    }
}

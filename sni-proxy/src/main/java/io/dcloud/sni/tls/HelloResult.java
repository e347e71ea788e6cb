package io.dcloud.sni.tls;

import java.util.List;

/** What the router learned from a client's first bytes: a ClientHello, or why there is none. */
public sealed interface HelloResult {

    /** @param serverName the SNI host name, or null when the client sent none */
    record ClientHello(String serverName, List<String> alpn) implements HelloResult {}

    record Malformed(String reason) implements HelloResult {}
}

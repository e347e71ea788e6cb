package io.dcloud.relay;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds the PROXY protocol v2 header a backend receives first: the real client address, and the SNI. */
public final class ProxyHeader {

    private ProxyHeader() {}

    /** @param authority the TLS server name or HTTP host, sent as PP2_TYPE_AUTHORITY; null for none */
    public static HAProxyMessage v2(Channel client, String authority) {
        InetSocketAddress source = (InetSocketAddress) client.remoteAddress();
        InetSocketAddress destination = (InetSocketAddress) client.localAddress();
        boolean v6 = source.getAddress() instanceof Inet6Address;
        // Mixed families (v4 client on a dual-stack socket) are reported in the source's family.
        String dst = v6 == destination.getAddress() instanceof Inet6Address
                ? destination.getAddress().getHostAddress()
                : (v6 ? "::" : "0.0.0.0");
        List<HAProxyTLV> tlvs = authority == null
                ? List.of()
                : List.of(new HAProxyTLV(
                        HAProxyTLV.Type.PP2_TYPE_AUTHORITY,
                        Unpooled.copiedBuffer(authority, StandardCharsets.US_ASCII)));
        return new HAProxyMessage(
                HAProxyProtocolVersion.V2,
                HAProxyCommand.PROXY,
                v6 ? HAProxyProxiedProtocol.TCP6 : HAProxyProxiedProtocol.TCP4,
                source.getAddress().getHostAddress(),
                dst,
                source.getPort(),
                destination.getPort(),
                tlvs);
    }
}

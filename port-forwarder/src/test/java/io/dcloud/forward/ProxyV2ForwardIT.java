package io.dcloud.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dcloud.relay.HostPort;
import io.dcloud.sni.testing.ProxyV2Backend;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A TCP mapping with {@code proxyProtocol}: Netty's own decoder on the backend reads the client's real address. */
class ProxyV2ForwardIT {

    @Test
    void aProxyProtocolMappingSendsTheClientAddressBeforeTheBytes() throws Exception {
        try (ProxyV2Backend backend = new ProxyV2Backend();
                PortForwarder forwarder = PortForwarder.start(ForwarderConfig.defaults())) {
            Mapping m =
                    new Mapping(HostPort.parse("127.0.0.1:0"), HostPort.parse(backend.address()), Protocol.TCP, true);
            forwarder.add(m);
            int port = forwarder.boundAddress(m).getPort();
            byte[] payload = "SSH-2.0-client\r\n".getBytes(StandardCharsets.US_ASCII);
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                client.getOutputStream().write(payload);
                ProxyV2Backend.Received got = backend.next();
                assertEquals("TCP4", got.protocol());
                assertEquals("127.0.0.1", got.sourceAddress());
                assertEquals(client.getLocalPort(), got.sourcePort());
                assertEquals(port, got.destinationPort());
                assertNull(got.authority(), "a forwarded port has no server name to pass on");
                assertArrayEquals(payload, got.firstBytes(payload.length), "the client's bytes follow the header");
            }
            assertEquals(
                    payload.length, forwarder.metrics().bytes().get(m.key()).toBackend());
        }
    }
}

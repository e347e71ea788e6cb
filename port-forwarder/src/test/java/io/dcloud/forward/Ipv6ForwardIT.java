package io.dcloud.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dcloud.sni.testing.Ipv6Loopback;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A TCP mapping listening on [::1] to a backend on [::1]: bytes go both ways, the backend sees ::1. */
class Ipv6ForwardIT {

    /** Answers each connection with the peer's address, then echoes one line. */
    private static ServerSocket echoServer(InetAddress on) throws Exception {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(on, 0));
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    OutputStream out = s.getOutputStream();
                    out.write((s.getInetAddress().getHostAddress() + "\n").getBytes(StandardCharsets.US_ASCII));
                    s.getInputStream().transferTo(out);
                } catch (Exception closed) {
                    // The client or the test closed it.
                }
            }
        });
        return server;
    }

    private static String line(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new AssertionError("connection closed after '" + sb + "'");
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    @Test
    void tcpMappingOnIpv6LoopbackForwardsToAnIpv6Backend() throws Exception {
        InetAddress loopback = Ipv6Loopback.require();
        try (ServerSocket backend = echoServer(loopback);
                PortForwarder forwarder = PortForwarder.start(ForwarderConfig.defaults())) {
            Mapping m = Mapping.tcp("[::1]:0", "[::1]:" + backend.getLocalPort());
            forwarder.add(m);
            InetSocketAddress bound = forwarder.boundAddress(m);
            assertEquals(loopback, bound.getAddress());
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress(loopback, bound.getPort()), 5000);
                client.setSoTimeout(10_000);
                assertEquals("0:0:0:0:0:0:0:1", line(client.getInputStream()), "the backend's view of its peer");
                client.getOutputStream().write("over six\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("over six", line(client.getInputStream()));
            }
            assertEquals(1, forwarder.metrics().accepted());
        }
    }
}

package io.dcloud.sni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dcloud.relay.HostPort;
import io.dcloud.sni.route.Route;
import io.dcloud.sni.route.RouteTable;
import io.dcloud.sni.testing.ClientHellos;
import io.dcloud.sni.testing.PatternFlood;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A TLS client that keeps sending to a backend that reads nothing: once the backend's side backs up the router
 * must stop reading from the client (writability), not buffer the difference. What the client manages to write
 * meanwhile is bounded by socket buffers and the relay's write high-water mark; without backpressure it would be
 * everything. Then the backend reads and gets the hello and every byte after it, in order. The router never
 * decrypts, so a real ClientHello followed by raw bytes is all the TLS it needs.
 */
class ClientBackpressureIT {
    @Test
    void aBackendThatDoesNotReadHoldsTheClientBack() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        byte[] hello = ClientHellos.hello("up.example.com");
        PatternFlood flood = new PatternFlood();
        try (ServerSocket backend = new ServerSocket();
                SniRouter router = SniRouter.start(RouterConfig.of(new HostPort("127.0.0.1", 0), null))) {
            backend.setReceiveBufferSize(64 * 1024);
            backend.bind(new InetSocketAddress(loopback, 0), 1);
            router.replaceRoutes(
                    RouteTable.of(List.of(Route.of("up.example.com", "127.0.0.1:" + backend.getLocalPort()))), false);
            try (Socket client = new Socket(loopback, router.tlsAddress().getPort())) {
                Thread writer = Thread.ofPlatform().daemon().start(() -> {
                    try {
                        OutputStream out = client.getOutputStream();
                        out.write(hello);
                        flood.write(out);
                        client.shutdownOutput();
                    } catch (IOException e) {
                        // the test fails on the count
                    }
                });
                try (Socket upstream = backend.accept()) {
                    flood.assertHeldBack("the client", "the router");

                    upstream.setSoTimeout(30_000);
                    InputStream in = upstream.getInputStream();
                    assertArrayEquals(hello, in.readNBytes(hello.length), "the hello comes first, unchanged");
                    assertEquals(
                            PatternFlood.SIZE, PatternFlood.readAll(in), "every byte arrives once the backend reads");
                }
                writer.join(30_000);
                assertEquals(PatternFlood.SIZE, flood.written());
            }
            assertEquals(
                    hello.length + PatternFlood.SIZE,
                    router.metrics().bytes().get("up.example.com").toBackend());
        }
    }
}

package io.dcloud.sni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.relay.HostPort;
import io.dcloud.relay.MetricsSnapshot;
import io.dcloud.relay.RejectReason;
import io.dcloud.relay.RelayConfig;
import io.dcloud.relay.Transport;
import io.dcloud.sni.route.Route;
import io.dcloud.sni.route.RouteTable;
import io.dcloud.sni.testing.Await;
import io.dcloud.sni.testing.Backend;
import io.dcloud.sni.testing.BlockedWriter;
import io.dcloud.sni.testing.ClientHellos;
import io.dcloud.sni.testing.ProxyV2Backend;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact replay, half-close, route removal and limits, against plain loopback backends. The build runs
 * this class twice: on the native transport, and once more with {@code -Ddcloud.relay.nio=true} (the
 * fallback where the native library does not load), since the relay takes transport-specific paths.
 */
class RouterBehaviourIT {

    /** Far beyond the socket buffers on the way (tcp_rmem and tcp_wmem allow a few MiB each). */
    private static final long LARGE = 64L * 1024 * 1024;

    private static SniRouter router(RouterConfig config, Route... routes) throws InterruptedException {
        SniRouter router = SniRouter.start(config);
        router.replaceRoutes(RouteTable.of(List.of(routes)), false);
        return router;
    }

    private static RouterConfig tlsOnly() {
        return RouterConfig.of(new HostPort("127.0.0.1", 0), null)
                .withHandshakeTimeout(java.time.Duration.ofSeconds(5));
    }

    private static Socket connect(SniRouter router) throws Exception {
        Socket s =
                new Socket(InetAddress.getLoopbackAddress(), router.tlsAddress().getPort());
        s.setTcpNoDelay(true);
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void runsOnTheTransportThisExecutionAskedFor() {
        assertEquals(System.getProperty("dcloud.test.transport", "epoll"), Transport.name());
    }

    @Test
    void aPostQuantumHelloInThreeRecordsSentByteByByteArrivesUnchanged() throws Exception {
        byte[] hello = ClientHellos.records(ClientHellos.handshake("pq.example.com", List.of("h2"), true, 11), 700);
        assertTrue(hello.length > 1500 && hello.length < 2100, "size " + hello.length);
        try (Backend backend = new Backend(false);
                SniRouter router = router(tlsOnly(), Route.of("pq.example.com", backend.address()));
                Socket client = connect(router)) {
            for (byte b : hello) {
                client.getOutputStream().write(b);
                client.getOutputStream().flush();
            }
            client.getOutputStream().write("after".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            Socket upstream = backend.nextConnection();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.write(hello);
            expected.write("after".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(expected.toByteArray(), Backend.readToEnd(upstream));
            upstream.close();
            assertEquals(
                    hello.length + 5,
                    router.metrics().bytes().get("pq.example.com").toBackend());
        }
    }

    @Test
    void halfCloseIsPassedOnInBothDirections() throws Exception {
        try (Backend backend = new Backend(false);
                SniRouter router = router(tlsOnly(), Route.of("h.example.com", backend.address()));
                Socket client = connect(router)) {
            byte[] hello = ClientHellos.hello("h.example.com");
            client.getOutputStream().write(hello);
            client.shutdownOutput();
            try (Socket upstream = backend.nextConnection()) {
                assertEquals(hello.length, Backend.readToEnd(upstream).length);
                upstream.getOutputStream().write("reply after FIN".getBytes(StandardCharsets.US_ASCII));
                upstream.shutdownOutput();
                assertEquals("reply after FIN", new String(Backend.readToEnd(client), StandardCharsets.US_ASCII));
            }
            MetricsSnapshot metrics = router.metrics();
            assertEquals(
                    new MetricsSnapshot.Bytes(hello.length, 15), metrics.bytes().get("h.example.com"));
            assertEquals(1, metrics.backendConnects());
            // Measured from connect() to established; a loopback connect takes microseconds, never the timeout.
            assertTrue(
                    metrics.backendConnectNanosTotal() > 0
                            && metrics.backendConnectNanosTotal()
                                    < tlsOnly().relay().connectTimeout().toNanos(),
                    "connect latency " + metrics.backendConnectNanosTotal() + " ns");
        }
    }

    @Test
    void aBackendThatFinishesFirstStillGetsTheClientsLaterBytesAndItsFin() throws Exception {
        try (Backend backend = new Backend(false);
                SniRouter router = router(tlsOnly(), Route.of("b.example.com", backend.address()));
                Socket client = connect(router)) {
            byte[] hello = ClientHellos.hello("b.example.com");
            client.getOutputStream().write(hello);
            try (Socket upstream = backend.nextConnection()) {
                assertArrayEquals(hello, Backend.readExactly(upstream, hello.length));
                upstream.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
                upstream.shutdownOutput();
                assertEquals("bye", new String(Backend.readToEnd(client), StandardCharsets.US_ASCII));
                // The backend's FIN has reached the client; the client still talks, then finishes.
                client.getOutputStream().write("late words".getBytes(StandardCharsets.US_ASCII));
                client.shutdownOutput();
                assertEquals("late words", new String(Backend.readToEnd(upstream), StandardCharsets.US_ASCII));
            }
            assertEquals(
                    new MetricsSnapshot.Bytes(hello.length + 10, 3),
                    router.metrics().bytes().get("b.example.com"));
        }
    }

    /**
     * After the backend's FIN its socket has nothing left to read and the relay stops watching it for reads; a
     * large upload from the client afterwards must still wait for that socket to take more bytes, not be cut.
     */
    @Test
    void aBackendThatFinishedFirstTakesALargeLateUploadAtItsOwnPace() throws Exception {
        try (Backend backend = new Backend(false);
                SniRouter router = router(tlsOnly(), Route.of("u.example.com", backend.address()));
                Socket client = connect(router)) {
            byte[] hello = ClientHellos.hello("u.example.com");
            client.getOutputStream().write(hello);
            try (Socket upstream = backend.nextConnection()) {
                assertArrayEquals(hello, Backend.readExactly(upstream, hello.length));
                upstream.shutdownOutput();
                assertEquals(-1, client.getInputStream().read(), "the backend's FIN reached the client");
                BlockedWriter upload = BlockedWriter.start(client, LARGE);
                upload.awaitBlocked(); // every buffer on the way is full: the relay waits on the backend's socket
                assertEquals(LARGE, Backend.countToEnd(upstream), "every late byte, then the client's FIN");
                upload.awaitDone();
            }
        }
    }

    /** The same the other way: a client that sent its FIN with its request still gets all of a large reply. */
    @Test
    void aClientThatFinishedFirstGetsALargeReplyAtItsOwnPace() throws Exception {
        try (Backend backend = new Backend(false);
                SniRouter router = router(tlsOnly(), Route.of("r.example.com", backend.address()));
                Socket client = connect(router)) {
            byte[] hello = ClientHellos.hello("r.example.com");
            client.getOutputStream().write(hello);
            client.shutdownOutput();
            try (Socket upstream = backend.nextConnection()) {
                assertArrayEquals(hello, Backend.readToEnd(upstream), "the hello, then the client's FIN");
                BlockedWriter reply = BlockedWriter.start(upstream, LARGE);
                reply.awaitBlocked();
                assertEquals(LARGE, Backend.countToEnd(client), "every byte of the reply, then the backend's FIN");
                reply.awaitDone();
            }
        }
    }

    /**
     * A client that resets mid-reply (a closed browser tab, or openssl s_time, which leaves the server's session tickets
     * unread): what the backend still sends has nowhere to go, and the backend's connection is closed.
     */
    @Test
    void aClientThatResetsMidReplyGetsTheBackendsConnectionClosed() throws Exception {
        try (Backend backend = new Backend(false);
                SniRouter router = router(tlsOnly(), Route.of("r.example.com", backend.address()));
                Socket client = connect(router)) {
            byte[] hello = ClientHellos.hello("r.example.com");
            client.getOutputStream().write(hello);
            try (Socket upstream = backend.nextConnection()) {
                Backend.readExactly(upstream, hello.length);
                BlockedWriter reply = BlockedWriter.start(upstream, LARGE);
                Backend.readExactly(client, 1024 * 1024); // the reply is under way
                client.setSoLinger(true, 0);
                client.close(); // with unread bytes and linger 0: a reset

                assertTrue(reply.awaitFailed().getMessage() != null, "the backend's writes fail: it was cut");
                Await.until(() -> router.metrics().active() == 0, "the reset connection closed");
                assertEquals(0, router.metrics().active(), "the reset connection is no longer counted");
            }
        }
    }

    /**
     * A reset is passed on as a reset, both ways, as a direct connection would show it: an end that aborted must not
     * look to the other like one that finished cleanly (a FIN after an upload's first half reads as a whole upload).
     */
    @Test
    void aResetOnEitherSideReachesTheOtherAsAReset() throws Exception {
        try (Backend backend = new Backend(false);
                SniRouter router = router(tlsOnly(), Route.of("r.example.com", backend.address()))) {
            byte[] hello = ClientHellos.hello("r.example.com");
            for (boolean clientResets : new boolean[] {true, false}) {
                try (Socket client = connect(router)) {
                    client.getOutputStream().write(hello);
                    try (Socket upstream = backend.nextConnection()) {
                        Backend.readExactly(upstream, hello.length);
                        Socket resetting = clientResets ? client : upstream;
                        Socket other = clientResets ? upstream : client;
                        resetting.setSoLinger(true, 0);
                        resetting.close();
                        assertThrows(
                                SocketException.class,
                                () -> Backend.readToEnd(other),
                                clientResets ? "the client's reset" : "the backend's reset");
                    }
                }
            }
        }
    }

    @Test
    void removingARouteCutsOnlyItsConnectionsWhenAsked() throws Exception {
        try (Backend echo = new Backend(true);
                SniRouter router = router(
                        tlsOnly(),
                        Route.of("gone.example.com", echo.address()),
                        Route.of("stays.example.com", echo.address()));
                Socket gone = connect(router);
                Socket stays = connect(router)) {
            byte[] goneHello = ClientHellos.hello("gone.example.com");
            byte[] staysHello = ClientHellos.hello("stays.example.com");
            gone.getOutputStream().write(goneHello);
            stays.getOutputStream().write(staysHello);
            Backend.readExactly(gone, goneHello.length);
            Backend.readExactly(stays, staysHello.length);

            router.replaceRoutes(
                    router.routes().without("stays.example.com").with(Route.of("stays.example.com", echo.address())),
                    true);
            router.removeRoute("gone.example.com", true);
            assertEquals(-1, gone.getInputStream().read(), "the removed route's connection is closed");

            stays.getOutputStream().write("still here".getBytes(StandardCharsets.US_ASCII));
            assertEquals("still here", new String(Backend.readExactly(stays, 10), StandardCharsets.US_ASCII));
            assertEquals(1, router.connections("stays.example.com"));
        }
    }

    @Test
    void aProxyProtocolRouteSendsTheClientAddressAndServerNameFirst() throws Exception {
        try (ProxyV2Backend backend = new ProxyV2Backend();
                SniRouter router =
                        router(tlsOnly(), new Route("p.example.com", HostPort.parse(backend.address()), true, 0));
                Socket client = connect(router)) {
            byte[] hello = ClientHellos.hello("P.example.com");
            client.getOutputStream().write(hello);
            ProxyV2Backend.Received got = backend.next();
            assertEquals("TCP4", got.protocol());
            assertEquals("127.0.0.1", got.sourceAddress());
            assertEquals(client.getLocalPort(), got.sourcePort());
            assertEquals(router.tlsAddress().getPort(), got.destinationPort());
            assertEquals("P.example.com", got.authority());
            assertArrayEquals(hello, got.firstBytes(hello.length));
        }
    }

    @Test
    void aRouteConnectionLimitRefusesTheExtraConnectionWithAnAlert() throws Exception {
        try (Backend echo = new Backend(true);
                SniRouter router =
                        router(tlsOnly(), new Route("one.example.com", HostPort.parse(echo.address()), false, 1));
                Socket first = connect(router);
                Socket second = connect(router)) {
            byte[] hello = ClientHellos.hello("one.example.com");
            first.getOutputStream().write(hello);
            Backend.readExactly(first, hello.length);
            second.getOutputStream().write(hello);
            assertArrayEquals(new byte[] {21, 3, 3, 0, 2, 2, 112}, Backend.readToEnd(second));
            assertEquals(1, router.metrics().rejected(RejectReason.LIMIT));
        }
    }

    @Test
    void anUnreachableBackendClosesTheClientAndIsCounted() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (SniRouter router = router(tlsOnly(), Route.of("down.example.com", "127.0.0.1:" + closedPort));
                Socket client = connect(router)) {
            client.getOutputStream().write(ClientHellos.hello("down.example.com"));
            assertEquals(-1, client.getInputStream().read());
            assertEquals(1, router.metrics().backendConnectFailures());
            assertEquals(0, router.metrics().backendConnects());
        }
    }

    @Test
    void perSourceLimitRefusesTheExtraConnection() throws Exception {
        RouterConfig config = tlsOnly().withRelay(RelayConfig.DEFAULTS.withLimits(100, 2));
        try (SniRouter router = router(config);
                Socket one = connect(router);
                Socket two = connect(router);
                Socket three = connect(router)) {
            assertEquals(-1, three.getInputStream().read(), "the third connection from one address is closed");
            assertEquals(1, router.metrics().rejected(RejectReason.LIMIT));
            assertEquals(2, router.metrics().active());
        }
    }
}

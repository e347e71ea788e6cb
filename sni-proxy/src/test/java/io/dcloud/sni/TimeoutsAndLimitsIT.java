package io.dcloud.sni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.relay.HostPort;
import io.dcloud.relay.RejectReason;
import io.dcloud.relay.RelayConfig;
import io.dcloud.sni.route.Route;
import io.dcloud.sni.route.RouteTable;
import io.dcloud.sni.testing.Await;
import io.dcloud.sni.testing.Backend;
import io.dcloud.sni.testing.ClientHellos;
import io.dcloud.sni.testing.ListenQueue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The idle, connect and handshake timeouts and the global connection limit, each with a short setting. */
class TimeoutsAndLimitsIT {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static SniRouter router(RouterConfig config, Route... routes) throws InterruptedException {
        SniRouter router = SniRouter.start(config);
        router.replaceRoutes(RouteTable.of(List.of(routes)), false);
        return router;
    }

    private static RouterConfig tls(RelayConfig relay) {
        return RouterConfig.of(new HostPort("127.0.0.1", 0), null)
                .withHandshakeTimeout(Duration.ofSeconds(5))
                .withRelay(relay);
    }

    private static Socket connect(InetSocketAddress listener) throws IOException {
        Socket s = new Socket(LOOPBACK, listener.getPort());
        s.setTcpNoDelay(true);
        s.setSoTimeout(10_000);
        return s;
    }

    /** Connects, sends the hello and reads its echo: the connection is relayed end to end. */
    private static Socket relayed(SniRouter router, String name) throws IOException {
        Socket s = connect(router.tlsAddress());
        byte[] hello = ClientHellos.hello(name);
        s.getOutputStream().write(hello);
        assertArrayEquals(hello, Backend.readExactly(s, hello.length));
        return s;
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Test
    void aSilentConnectionIsClosedAtTheIdleTimeoutWhileATalkingOneStays() throws Exception {
        Duration idle = Duration.ofMillis(400);
        RelayConfig relay = new RelayConfig(Duration.ofSeconds(5), idle, 100, 100);
        try (Backend echo = new Backend(true);
                SniRouter router = router(
                        tls(relay),
                        Route.of("quiet.example.com", echo.address()),
                        Route.of("talk.example.com", echo.address()));
                Socket talking = relayed(router, "talk.example.com")) {
            long quietStart = System.nanoTime();
            Socket quiet = relayed(router, "quiet.example.com");
            CompletableFuture<Long> quietClosedAfter = CompletableFuture.supplyAsync(() -> {
                try (quiet) {
                    int read = quiet.getInputStream().read();
                    return read == -1 ? millisSince(quietStart) : -1L;
                } catch (SocketTimeoutException e) {
                    return Long.MAX_VALUE;
                } catch (IOException e) {
                    return millisSince(quietStart);
                }
            });

            // One byte each way every 100 ms, a quarter of the idle timeout, until well after the quiet one closed.
            long talkStart = System.nanoTime();
            int exchanges = 0;
            while (!quietClosedAfter.isDone() || millisSince(talkStart) < 4 * idle.toMillis()) {
                assertTrue(millisSince(talkStart) < 15_000, "the quiet connection was never closed");
                talking.getOutputStream().write('x');
                assertEquals('x', talking.getInputStream().read(), "the talking connection must stay open");
                exchanges++;
                Thread.sleep(100);
            }
            long closedAfter = quietClosedAfter.get();
            assertTrue(closedAfter != Long.MAX_VALUE, "the silent connection was still open after 10 s");
            assertTrue(
                    closedAfter >= idle.toMillis() && closedAfter < 5_000,
                    "the silent connection closed after " + closedAfter + " ms, expected the " + idle + " timeout");
            assertTrue(exchanges >= 10, exchanges + " exchanges");
            assertEquals(1, router.connections("talk.example.com"));
        }
    }

    @Test
    void aBackendThatNeverAnswersTheSynTimesOutAtTheConnectTimeout() throws Exception {
        Duration connectTimeout = Duration.ofMillis(500);
        List<Socket> fillers = new ArrayList<>();
        // Backlog 1 and never accepted: once the accept queue holds its connections, Linux drops further SYNs,
        // so a connect neither succeeds nor is refused - as with a VM that is down behind a silent firewall.
        try (ServerSocket blackHole = new ServerSocket(0, 1, LOOPBACK)) {
            fillers.addAll(ListenQueue.fill(blackHole));

            RelayConfig relay = new RelayConfig(connectTimeout, Duration.ofMinutes(1), 100, 100);
            try (SniRouter router = router(
                            tls(relay), Route.of("silent.example.com", "127.0.0.1:" + blackHole.getLocalPort()));
                    Socket client = connect(router.tlsAddress())) {
                long start = System.nanoTime();
                client.getOutputStream().write(ClientHellos.hello("silent.example.com"));
                assertEquals(-1, client.getInputStream().read(), "the client is closed when the connect times out");
                long waited = millisSince(start);
                assertTrue(
                        waited >= connectTimeout.toMillis() && waited < 5_000,
                        "closed after " + waited + " ms, expected the " + connectTimeout + " connect timeout");
                assertEquals(1, router.metrics().backendConnectFailures());
                assertEquals(0, router.metrics().backendConnects());
            }
        } finally {
            for (Socket filler : fillers) {
                filler.close();
            }
        }
    }

    @Test
    void theGlobalLimitRefusesExtraConnectionsAndAdmitsAgainOnceOneCloses() throws Exception {
        RelayConfig relay = RelayConfig.DEFAULTS.withLimits(2, 100);
        try (Backend echo = new Backend(true);
                SniRouter router = router(tls(relay), Route.of("g.example.com", echo.address()));
                Socket first = relayed(router, "g.example.com");
                Socket second = relayed(router, "g.example.com")) {
            try (Socket third = connect(router.tlsAddress())) {
                assertEquals(-1, third.getInputStream().read(), "the third connection is over the global limit");
            }
            assertEquals(1, router.metrics().rejected(RejectReason.LIMIT));

            first.close();
            Await.until(() -> router.metrics().active() == 1, "the closed connection frees its slot");
            try (Socket fourth = relayed(router, "g.example.com")) {
                fourth.getOutputStream().write("admitted".getBytes(StandardCharsets.US_ASCII));
                assertEquals("admitted", new String(Backend.readExactly(fourth, 8), StandardCharsets.US_ASCII));
                assertEquals(2, router.metrics().active());
            }
            assertEquals(1, router.metrics().rejected(RejectReason.LIMIT));
        }
    }

    @Test
    void anHttpClientWithoutACompleteHeadIsClosedAtTheHandshakeTimeout() throws Exception {
        Duration handshake = Duration.ofMillis(300);
        try (Backend echo = new Backend(true);
                SniRouter router = router(
                        RouterConfig.of(null, new HostPort("127.0.0.1", 0)).withHandshakeTimeout(handshake),
                        Route.of("web.example.com", echo.address()))) {
            long start = System.nanoTime();
            try (Socket client = connect(router.httpAddress())) {
                // Everything but the blank line that ends the head.
                client.getOutputStream()
                        .write("GET / HTTP/1.1\r\nHost: web.example.com\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(-1, client.getInputStream().read(), "closed without a response");
            }
            long waited = millisSince(start);
            assertTrue(
                    waited >= handshake.toMillis() && waited < 5_000,
                    "closed after " + waited + " ms, expected the " + handshake + " handshake timeout");
            assertEquals(1, router.metrics().rejected(RejectReason.TIMEOUT));
            assertEquals(0, router.metrics().backendConnects());
        }
    }
}

package io.dcloud.sni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.relay.HostPort;
import io.dcloud.relay.RejectReason;
import io.dcloud.relay.RelayConfig;
import io.dcloud.sni.route.Route;
import io.dcloud.sni.route.RouteTable;
import io.dcloud.sni.testing.Backend;
import io.dcloud.sni.testing.ClientHellos;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A thousand silent clients are dropped at the handshake timeout while a normal client is served. */
class SlowClientsIT {
    private static final int SILENT = 1_000;

    @Test
    void silentClientsAreClosedAtTheHandshakeTimeoutWhileOthersAreServed() throws Exception {
        try (Backend echo = new Backend(true);
                SniRouter router = SniRouter.start(RouterConfig.of(new HostPort("127.0.0.1", 0), null)
                        .withHandshakeTimeout(Duration.ofMillis(1500))
                        // All test clients share 127.0.0.1: lift the per-source limit above them.
                        .withRelay(RelayConfig.DEFAULTS.withLimits(5_000, 5_000)))) {
            router.replaceRoutes(RouteTable.of(List.of(Route.of("ok.example.com", echo.address()))), false);
            int port = router.tlsAddress().getPort();
            List<Socket> silent = new ArrayList<>();
            CountDownLatch closed = new CountDownLatch(SILENT);
            try {
                for (int i = 0; i < SILENT; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                    silent.add(s);
                    Thread.ofVirtual().start(() -> {
                        try {
                            if (s.getInputStream().read() == -1) {
                                closed.countDown();
                            }
                        } catch (IOException e) {
                            closed.countDown();
                        }
                    });
                }
                try (Socket normal = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    byte[] hello = ClientHellos.hello("ok.example.com");
                    normal.getOutputStream().write(hello);
                    assertArrayEquals(hello, Backend.readExactly(normal, hello.length));
                }
                assertTrue(closed.await(30, TimeUnit.SECONDS), closed.getCount() + " silent clients still open");
                assertEquals(SILENT, router.metrics().rejected(RejectReason.TIMEOUT));
            } finally {
                for (Socket s : silent) {
                    s.close();
                }
            }
        }
    }
}

package io.dcloud.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.dcloud.relay.HostPort;
import io.dcloud.sni.route.Route;
import io.dcloud.sni.route.RouteTable;
import io.dcloud.sni.testing.Ipv6Loopback;
import io.dcloud.sni.testing.OpenSslServer;
import io.dcloud.sni.testing.Proc;
import io.dcloud.sni.testing.TestCert;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both listeners on [::1], backends on [::1], as written in configs: openssl s_client and curl reach
 * the named backends over IPv6 end to end.
 */
class Ipv6RouterIT {
    @TempDir
    static Path dir;

    static OpenSslServer tlsBackend;
    static HttpServer httpBackend;
    static SniRouter router;

    @BeforeAll
    static void start() throws Exception {
        Ipv6Loopback.require();
        tlsBackend = new OpenSslServer(TestCert.create(dir, "six.example.com"), "[::1]");
        httpBackend = HttpServer.create(new InetSocketAddress(Ipv6Loopback.require(), 0), 16);
        httpBackend.createContext("/", exchange -> {
            // The remote address proves the router connected over IPv6, not via some IPv4 fallback.
            byte[] out = ("backend saw " + exchange.getRequestHeaders().getFirst("Host") + " from "
                            + exchange.getRemoteAddress().getAddress().getHostAddress())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        httpBackend.start();
        router = SniRouter.start(RouterConfig.of(HostPort.parse("[::1]:0"), HostPort.parse("[::1]:0")));
        router.replaceRoutes(
                RouteTable.of(List.of(new Route(
                        "six.example.com",
                        HostPort.parse("[::1]:" + tlsBackend.port()),
                        HostPort.parse("[::1]:" + httpBackend.getAddress().getPort()),
                        false,
                        0))),
                false);
    }

    @AfterAll
    static void stop() throws Exception {
        if (router != null) {
            router.close();
        }
        if (httpBackend != null) {
            httpBackend.stop(0);
        }
        if (tlsBackend != null) {
            tlsBackend.close();
        }
    }

    @Test
    void listenersAreBoundOnIpv6() {
        assertInstanceOf(Inet6Address.class, router.tlsAddress().getAddress());
        assertEquals(
                "[::1]:" + router.httpAddress().getPort(),
                HostPort.of(router.httpAddress()).toString());
    }

    @Test
    void opensslClientOnIpv6ReachesTheNamedBackend() throws Exception {
        Proc p = Proc.run(
                List.of(
                        "openssl",
                        "s_client",
                        "-connect",
                        "[::1]:" + router.tlsAddress().getPort(),
                        "-servername",
                        "six.example.com"),
                "",
                20);
        assertTrue(p.out().contains("subject=CN = six.example.com"), p.out());
    }

    @Test
    void curlOnIpv6ReachesTheHttpBackendOverIpv6() throws Exception {
        int port = router.httpAddress().getPort();
        Proc p = Proc.run(
                List.of(
                        "curl",
                        "-sS",
                        "--max-time",
                        "15",
                        "--resolve",
                        "six.example.com:" + port + ":[::1]",
                        "http://six.example.com:" + port + "/"),
                "",
                20);
        assertEquals("backend saw six.example.com:" + port + " from 0:0:0:0:0:0:0:1", p.out());
    }
}

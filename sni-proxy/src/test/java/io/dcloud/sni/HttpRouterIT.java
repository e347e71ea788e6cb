package io.dcloud.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.dcloud.relay.HostPort;
import io.dcloud.relay.RejectReason;
import io.dcloud.sni.route.Route;
import io.dcloud.sni.route.RouteTable;
import io.dcloud.sni.testing.Proc;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** curl through the Host router to the JDK's own HTTP server; 421 for unknown names; the ACME hook. */
class HttpRouterIT {
    static HttpServer backend;
    static SniRouter router;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        backend.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String text = "backend saw " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " host="
                    + exchange.getRequestHeaders().getFirst("Host") + " body="
                    + new String(body, StandardCharsets.UTF_8);
            byte[] out = text.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        backend.start();
        router = SniRouter.start(RouterConfig.of(null, new HostPort("127.0.0.1", 0))
                .withAcme((host, token) -> host.equals("own.example.net") && token.equals("tok")
                        ? Optional.of("tok.thumb")
                        : Optional.empty()));
        var httpBackend = new HostPort("127.0.0.1", backend.getAddress().getPort());
        router.replaceRoutes(
                RouteTable.of(List.of(
                        Route.of(
                                "app.example.com",
                                "127.0.0.1:" + backend.getAddress().getPort()),
                        // a tenant VM: TLS goes to a port nothing answers on here, HTTP to the HTTP backend
                        new Route("vm.example.com", new HostPort("127.0.0.1", 1), httpBackend, false, 0))),
                false);
        port = router.httpAddress().getPort();
    }

    @AfterAll
    static void stop() {
        router.close();
        backend.stop(0);
    }

    private static Proc curl(String host, String path, String... extra) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                "curl",
                "-sS",
                "--max-time",
                "15",
                "-w",
                " status=%{http_code}",
                "--resolve",
                host + ":" + port + ":127.0.0.1"));
        cmd.addAll(List.of(extra));
        cmd.add("http://" + host + ":" + port + path);
        return Proc.run(cmd, "", 20);
    }

    @Test
    void httpGoesToTheRoutesHttpBackendNotItsTlsBackend() throws Exception {
        Proc get = curl("vm.example.com", "/");
        assertEquals("backend saw GET / host=vm.example.com:" + port + " body= status=200", get.out());
    }

    @Test
    void requestsReachTheBackendUnchanged() throws Exception {
        Proc get = curl("App.Example.com", "/x?y=1");
        assertEquals("backend saw GET /x?y=1 host=App.Example.com:" + port + " body= status=200", get.out());
        Proc post = curl("app.example.com", "/form", "-d", "a=1&b=2");
        assertTrue(
                post.out().startsWith("backend saw POST /form host=app.example.com:" + port + " body=a=1&b=2"),
                post.out());
    }

    @Test
    void unknownHostGets421() throws Exception {
        long before = router.metrics().rejected(RejectReason.UNKNOWN_NAME);
        Proc p = curl("nope.example.com", "/");
        assertTrue(p.out().endsWith("status=421"), p.out());
        assertEquals(before + 1, router.metrics().rejected(RejectReason.UNKNOWN_NAME));
    }

    @Test
    void theAcmeHookAnswersOnlyItsOwnChallenges() throws Exception {
        assertEquals(
                "tok.thumb status=200",
                curl("own.example.net", "/.well-known/acme-challenge/tok").out());
        assertTrue(curl("own.example.net", "/.well-known/acme-challenge/other")
                .out()
                .endsWith("status=421"));
        Proc tenant = curl("app.example.com", "/.well-known/acme-challenge/tok");
        assertTrue(tenant.out().startsWith("backend saw GET /.well-known/acme-challenge/tok"), tenant.out());
    }
}

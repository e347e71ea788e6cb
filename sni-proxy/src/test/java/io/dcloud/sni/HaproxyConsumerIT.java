package io.dcloud.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dcloud.relay.HostPort;
import io.dcloud.sni.route.Route;
import io.dcloud.sni.route.RouteTable;
import io.dcloud.sni.testing.Proc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HAProxy (accept-proxy) parses the router's PROXY v2 header and reports what it learned. */
class HaproxyConsumerIT {
    @TempDir
    Path dir;

    @Test
    void haproxySeesTheClientAddressAndTheAuthorityTlv() throws Exception {
        int haproxyPort = freePort();
        Path config = Files.writeString(
                dir.resolve("haproxy.cfg"),
                String.join(
                        "\n",
                        "defaults",
                        "  mode http",
                        "  timeout connect 5s",
                        "  timeout client 10s",
                        "  timeout server 10s",
                        "frontend fe",
                        "  bind 127.0.0.1:" + haproxyPort + " accept-proxy",
                        "  http-request return status 200 content-type text/plain lf-string"
                                + " \"src=%[src] authority=%[fc_pp_authority] host=%[req.hdr(host)]\"",
                        ""));
        Process haproxy = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile())
                .start();
        try (SniRouter router = SniRouter.start(RouterConfig.of(null, new HostPort("127.0.0.1", 0)))) {
            awaitListening(haproxy, haproxyPort);
            router.replaceRoutes(
                    RouteTable.of(
                            List.of(new Route("app.example.com", new HostPort("127.0.0.1", haproxyPort), true, 0))),
                    false);
            int port = router.httpAddress().getPort();
            Proc curl = Proc.run(
                    List.of(
                            "curl",
                            "-sS",
                            "--max-time",
                            "15",
                            "--resolve",
                            "app.example.com:" + port + ":127.0.0.1",
                            "http://app.example.com:" + port + "/"),
                    "",
                    20);
            assertEquals(0, curl.exit(), curl.out());
            assertEquals("src=127.0.0.1 authority=app.example.com host=app.example.com:" + port, curl.out());
        } finally {
            haproxy.destroy();
            haproxy.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitListening(Process haproxy, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!haproxy.isAlive()) {
                throw new AssertionError("haproxy exited: " + Files.readString(dir.resolve("haproxy.log")));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("haproxy did not listen within 10 s");
    }
}

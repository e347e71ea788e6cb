package io.dcloud.sni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.relay.HostPort;
import io.dcloud.relay.RejectReason;
import io.dcloud.sni.route.Route;
import io.dcloud.sni.route.RouteTable;
import io.dcloud.sni.testing.Backend;
import io.dcloud.sni.testing.ClientHellos;
import io.dcloud.sni.testing.Dribbler;
import io.dcloud.sni.testing.OpenSslServer;
import io.dcloud.sni.testing.Proc;
import io.dcloud.sni.testing.TestCert;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS clients (openssl s_client, curl, Java SSLSocket, headless Chromium) through the router to real openssl
 * s_servers.
 */
class SniRouterIT {
    @TempDir
    static Path dir;

    static TestCert certA;
    static OpenSslServer serverA;
    static OpenSslServer serverB;
    static SniRouter router;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        certA = TestCert.create(dir, "a.example.com");
        serverA = new OpenSslServer(certA);
        serverB = new OpenSslServer(TestCert.create(dir, "b.example.com"));
        router = SniRouter.start(RouterConfig.of(new HostPort("127.0.0.1", 0), null));
        router.replaceRoutes(
                RouteTable.of(List.of(
                        Route.of("a.example.com", "127.0.0.1:" + serverA.port()),
                        Route.of("*.b.example.com", "127.0.0.1:" + serverB.port()))),
                false);
        port = router.tlsAddress().getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        router.close();
        serverA.close();
        serverB.close();
    }

    private static Proc sClient(String... extra) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        cmd.addAll(List.of(extra));
        return Proc.run(cmd, "", 20);
    }

    @Test
    void opensslClientSeesTheCertificateOfTheNamedBackend() throws Exception {
        Proc a = sClient("-servername", "A.Example.COM.");
        assertTrue(a.out().contains("subject=CN = a.example.com"), a.out());
        Proc b = sClient("-servername", "vm7.b.example.com");
        assertTrue(b.out().contains("subject=CN = b.example.com"), b.out());
    }

    @Test
    void curlVerifiesTheBackendCertificateThroughTheRouter() throws Exception {
        Proc curl = Proc.run(
                List.of(
                        "curl",
                        "-sS",
                        "--max-time",
                        "15",
                        "--resolve",
                        "a.example.com:" + port + ":127.0.0.1",
                        "--cacert",
                        certA.cert().toString(),
                        "https://a.example.com:" + port + "/"),
                "",
                20);
        assertEquals(0, curl.exit(), curl.out());
        assertTrue(curl.out().contains("s_server"), curl.out());
    }

    @Test
    void javaClientHelloSentOneByteAtATimeStillRoutes() throws Exception {
        try (Dribbler dribbler = new Dribbler(router.tlsAddress(), 4096);
                SSLSocket socket = (SSLSocket) certA.trustingContext()
                        .getSocketFactory()
                        .createSocket(InetAddress.getLoopbackAddress(), dribbler.port())) {
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(List.of(new javax.net.ssl.SNIHostName("a.example.com")));
            params.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(params);
            socket.setSoTimeout(15_000);
            socket.startHandshake();
            X509Certificate peer = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertEquals("CN=a.example.com", peer.getSubjectX500Principal().getName());
            socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readNBytes(15), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.0 200 ok", response);
        }
    }

    @Test
    void unknownNameGetsTheUnrecognizedNameAlert() throws Exception {
        long before = router.metrics().rejected(RejectReason.UNKNOWN_NAME);
        Proc p = sClient("-servername", "nope.example.com");
        assertTrue(p.out().contains("unrecognized name"), p.out());
        try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), port)) {
            raw.getOutputStream().write(ClientHellos.hello("a.b.b.example.com"));
            assertArrayEquals(new byte[] {21, 3, 3, 0, 2, 2, 112}, Backend.readToEnd(raw));
        }
        assertEquals(before + 2, router.metrics().rejected(RejectReason.UNKNOWN_NAME));
    }

    @Test
    void helloWithoutSniGetsTheAlertOrTheDefaultBackend() throws Exception {
        Proc refused = sClient("-noservername");
        assertTrue(refused.out().contains("unrecognized name"), refused.out());
        try (SniRouter withDefault = SniRouter.start(RouterConfig.of(new HostPort("127.0.0.1", 0), null)
                .withDefaultBackend(new HostPort("127.0.0.1", serverA.port())))) {
            Proc p = Proc.run(
                    List.of(
                            "openssl",
                            "s_client",
                            "-connect",
                            "127.0.0.1:" + withDefault.tlsAddress().getPort(),
                            "-noservername"),
                    "",
                    20);
            assertTrue(p.out().contains("subject=CN = a.example.com"), p.out());
            assertEquals(1, withDefault.metrics().backendConnects());
        }
    }

    // Headless Chromium (Debian's) trusts exactly one certificate, by its public-key hash, so a page that loads
    // proves the browser saw that backend's own certificate; its ClientHello is a current browser's.

    /** The page Chromium renders for https://{host}:{port}/ when it trusts only the certificate of a.example.com. */
    private static String chromiumPage(String host) throws Exception {
        String spki = Proc.run(
                        List.of(
                                "sh",
                                "-c",
                                "openssl x509 -in '" + certA.cert() + "' -pubkey -noout"
                                        + " | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64"),
                        "",
                        30)
                .out()
                .strip();
        Proc chromium = Proc.run(
                List.of(
                        "chromium",
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + dir.resolve("chromium-" + host),
                        "--host-resolver-rules=MAP " + host + " 127.0.0.1",
                        "--ignore-certificate-errors-spki-list=" + spki,
                        "--dump-dom",
                        "https://" + host + ":" + port + "/"),
                "",
                90);
        return chromium.out();
    }

    @Test
    void chromiumReachesTheRoutedBackendAndSeesItsOwnCertificate() throws Exception {
        String page = chromiumPage("a.example.com");
        // openssl s_server -www answers with its own command line, which names the certificate it serves
        assertTrue(page.contains("-cert " + certA.cert()), page);
    }

    @Test
    void anotherNameReachesAnotherBackendWhoseCertificateChromiumDoesNotTrust() throws Exception {
        String page = chromiumPage("vm.b.example.com");
        assertFalse(page.contains("s_server -accept"), "B's certificate is not the pinned one: " + page);
        assertTrue(router.metrics().accepted() > 0);
    }
}

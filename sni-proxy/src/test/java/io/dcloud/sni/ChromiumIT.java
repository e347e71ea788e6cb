package io.dcloud.sni;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.relay.HostPort;
import io.dcloud.sni.route.Route;
import io.dcloud.sni.route.RouteTable;
import io.dcloud.sni.testing.OpenSslServer;
import io.dcloud.sni.testing.Proc;
import io.dcloud.sni.testing.TestCert;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headless Chromium (Debian's) through the router. Chromium trusts exactly one certificate, by its public-key hash,
 * so a page that loads proves the browser saw that backend's own certificate; its ClientHello is a current
 * browser's, post-quantum key share (X25519MLKEM768) included.
 */
class ChromiumIT {
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
                        Route.of("b.example.com", "127.0.0.1:" + serverB.port()))),
                false);
        port = router.tlsAddress().getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        router.close();
        serverA.close();
        serverB.close();
    }

    /** The page Chromium renders for https://{host}:{port}/ when it trusts only the certificate of a.example.com. */
    private static String page(String host) throws Exception {
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
        String page = page("a.example.com");
        // openssl s_server -www answers with its own command line, which names the certificate it serves
        assertTrue(page.contains("-cert " + certA.cert()), page);
    }

    @Test
    void anotherNameReachesAnotherBackendWhoseCertificateChromiumDoesNotTrust() throws Exception {
        String page = page("b.example.com");
        assertFalse(page.contains("s_server -accept"), "B's certificate is not the pinned one: " + page);
        assertTrue(router.metrics().accepted() > 0);
    }
}

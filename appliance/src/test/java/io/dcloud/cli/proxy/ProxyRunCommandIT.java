package io.dcloud.cli.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.dcloud.cli.RunningCommand;
import io.dcloud.sni.testing.OpenSslServer;
import io.dcloud.sni.testing.TestCert;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dcloud proxy run --config FILE}, in-process: a TLS client reaches the openssl backend its SNI names, and a
 * route added to the file later is routed once the command has noticed the change, without a restart.
 */
class ProxyRunCommandIT {
    private static final Pattern TLS_PORT = Pattern.compile("tls on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private static String route(String name, OpenSslServer backend) {
        return "  - { name: \"" + name + "\", backend: \"127.0.0.1:" + backend.port() + "\" }\n";
    }

    /** Completes a TLS handshake through the router with this SNI, trusting only {@code expected}; its subject. */
    private static String handshake(int port, String serverName, TestCert expected) throws Exception {
        try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), port);
                SSLSocket tls = (SSLSocket)
                        expected.trustingContext().getSocketFactory().createSocket(raw, serverName, port, true)) {
            tls.setSoTimeout(10_000);
            SSLParameters params = tls.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(serverName)));
            tls.setSSLParameters(params);
            tls.startHandshake();
            return ((X509Certificate) tls.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal()
                    .getName();
        }
    }

    @Test
    void routesBySniAndPicksUpARouteAddedToTheFile() throws Exception {
        TestCert a = TestCert.create(dir, "a.example.com");
        TestCert b = TestCert.create(dir, "b.example.com");
        try (OpenSslServer backendA = new OpenSslServer(a);
                OpenSslServer backendB = new OpenSslServer(b)) {
            String head = "listeners: { tls: \"127.0.0.1:0\" }\nroutes:\n";
            Path file = Files.writeString(dir.resolve("router.yaml"), head + route("a.example.com", backendA));
            int port;
            try (RunningCommand proxy = RunningCommand.start("proxy", "run", "--config", file.toString())) {
                port = Integer.parseInt(proxy.awaitOutput(TLS_PORT).group(1));

                assertEquals("CN=a.example.com", handshake(port, "a.example.com", a));
                assertThrows(
                        SSLException.class,
                        () -> handshake(port, "b.example.com", b),
                        "b.example.com is not routed yet: the router answers unrecognized_name");

                Files.writeString(file, head + route("a.example.com", backendA) + route("b.example.com", backendB));
                assertEquals("CN=b.example.com", awaitRouted(port, "b.example.com", b));
                assertEquals("CN=a.example.com", handshake(port, "a.example.com", a), "the old route still works");

                assertEquals(0, proxy.stop());
            }
            assertThrows(
                    ConnectException.class,
                    () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                    "the listener closes when the command stops");
        }
    }

    /** The file is polled once a second: retries the handshake, bounded, until the new route answers. */
    private static String awaitRouted(int port, String serverName, TestCert cert) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return handshake(port, serverName, cert);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    fail(serverName + " was not routed within 15 s of rewriting the file: " + e);
                }
                Thread.sleep(100);
            }
        }
    }
}

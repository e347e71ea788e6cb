package io.dcloud.appliance.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.TestApplianceDir;
import io.dcloud.appliance.api.tls.PemFiles;
import io.dcloud.ledger.chain.AnvilNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole appliance with {@code acme.enabled}: its :80 router answers pebble's HTTP-01 challenge and the
 * management API then presents the certificate pebble issued for the management name (real anvil, real pebble,
 * libvirt's test driver).
 */
class ApplianceAcmeIT {
    private static final String NAME = "api.provider.test";

    @TempDir
    Path dir;

    @Test
    void theManagementApiPresentsTheCertificateItObtainedOverAcme() throws Exception {
        int httpPort;
        try (var probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            httpPort = probe.getLocalPort(); // pebble must know where to validate before the appliance starts
        }
        try (var anvil = AnvilNode.start(AnvilNode.locateBinary(), 0, 31337, Optional.empty());
                var pebble = PebbleServer.start(Files.createDirectories(dir.resolve("pebble")), httpPort)) {
            TestApplianceDir.deployContracts(anvil, dir);
            Path config = TestApplianceDir.writeConfig(
                    dir, "acme", "provider.test", httpPort, TestApplianceDir.anvilLedger(anvil.rpcUrl()), """
                    acme:
                      enabled: true
                      directory-url: %s
                      email: ops@provider.test
                      domain: %s
                      trust-file: %s
                    """.formatted(
                                    pebble.directory(), NAME, pebble.caFile()));
            try (var appliance = TestApplianceDir.start(config)) {
                X509Certificate presented = presentedCertificate(appliance.api().port());
                var stored = PemFiles.readCertificates(dir.resolve("state/acme/" + NAME + ".crt"));
                assertEquals(stored.getFirst(), presented, "the API presents the stored ACME certificate");
                assertTrue(presented.getSubjectAlternativeNames().toString().contains(NAME));
                assertTrue(
                        presented
                                .getIssuerX500Principal()
                                .getName()
                                .toLowerCase()
                                .contains("pebble"),
                        presented.getIssuerX500Principal().getName());
            }
        }
    }

    /** The leaf certificate the API's TLS listener presents (no trust decision: this only looks). */
    private static X509Certificate presentedCertificate(int port) throws Exception {
        var context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new LookOnly()}, null);
        try (var socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static final class LookOnly implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

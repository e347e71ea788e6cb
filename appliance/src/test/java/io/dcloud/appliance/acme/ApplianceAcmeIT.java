package io.dcloud.appliance.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.Appliance;
import io.dcloud.appliance.api.tls.PemFiles;
import io.dcloud.appliance.config.ApplianceConfigLoader;
import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.ledger.chain.Deployer;
import io.dcloud.ledger.tx.LedgerSession;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

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
            try (var session = LedgerSession.connect(
                    anvil.rpcUrl(), Credentials.create(AnvilNode.DEV_KEYS.get(0)), Duration.ofSeconds(30))) {
                new Deployer(session)
                        .deployForTests(anvil.rpcUrl(), session.address(), List.of(), BigInteger.ZERO)
                        .write(dir.resolve("deployment.json"));
            }
            Files.writeString(dir.resolve("provider.key"), AnvilNode.DEV_KEYS.get(1));
            Files.writeString(dir.resolve("base.qcow2"), "");
            Path config = dir.resolve("appliance.yaml");
            Files.writeString(
                    config, """
                    provider:
                      name: acme
                      key-file: provider.key
                      domain: provider.test
                      public-address: 127.0.0.1
                    listeners:
                      bind-address: 127.0.0.1
                      tls: 0
                      http: %d
                      api: 0
                    libvirt:
                      uri: test:///default
                      image-dir: vms
                      base-image: base.qcow2
                    ledger:
                      rpc-url: %s
                      deployment-file: deployment.json
                    offers:
                      price-per-hour:
                        standard: 0.05
                    acme:
                      enabled: true
                      directory-url: %s
                      email: ops@provider.test
                      domain: %s
                      trust-file: %s
                    state-dir: state
                    """.formatted(httpPort, anvil.rpcUrl(), pebble.directory(), NAME, pebble.caFile()));
            try (var appliance =
                    Appliance.start(ApplianceConfigLoader.load(config, Map.of()), Map.of(), Clock.systemUTC())) {
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

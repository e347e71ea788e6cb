package io.dcloud.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.api.auth.AdminTokens;
import io.dcloud.appliance.config.ApplianceConfigLoader;
import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.ledger.chain.Deployer;
import io.dcloud.ledger.tx.LedgerSession;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/**
 * The appliance's own metrics on {@code GET /metrics}, from a running appliance (real anvil, libvirt's test driver,
 * real HTTPS): the reconciler's passes, the ledger-unreachable passes, and the ledger lag, which is the chain head
 * less the watcher's checkpoint (the confirmations it waits for while idle) and unknown once the chain is gone.
 */
class ApplianceMetricsIT {
    private static final int CONFIRMATIONS = 3;

    @TempDir
    Path dir;

    @Test
    void reconcilerAndLedgerLagAreExported() throws Exception {
        var anvil = AnvilNode.start(AnvilNode.locateBinary(), 0, 31337, Optional.empty());
        try {
            try (var session = LedgerSession.connect(
                    anvil.rpcUrl(), Credentials.create(AnvilNode.DEV_KEYS.get(0)), Duration.ofSeconds(30))) {
                new Deployer(session)
                        .deployForTests(anvil.rpcUrl(), session.address(), List.of(), BigInteger.ZERO)
                        .write(dir.resolve("deployment.json"));
                // Blocks past the deployment, so that an idle watcher's checkpoint is not held at the start block.
                var mined = new Request<>(
                                "anvil_mine", List.of(10), new HttpService(anvil.rpcUrl()), VoidResponse.class)
                        .send();
                assertTrue(!mined.hasError(), () -> mined.getError().getMessage());
            }
            Files.writeString(dir.resolve("provider.key"), AnvilNode.DEV_KEYS.get(1));
            Files.writeString(dir.resolve("base.qcow2"), "");
            var config = dir.resolve("appliance.yaml");
            Files.writeString(config, """
                    provider:
                      name: metered
                      key-file: provider.key
                      domain: provider.test
                      public-address: 127.0.0.1
                    listeners:
                      bind-address: 127.0.0.1
                      tls: 0
                      http: 0
                      api: 0
                    libvirt:
                      uri: test:///default
                      image-dir: vms
                      base-image: base.qcow2
                    ledger:
                      rpc-url: %s
                      deployment-file: deployment.json
                      confirmations: %d
                    offers:
                      price-per-hour:
                        standard: 0.05
                    state-dir: state
                    """.formatted(anvil.rpcUrl(), CONFIRMATIONS));
            var token = AdminTokens.create(dir.resolve("state/admin-tokens"), "it", new SecureRandom());
            try (var appliance =
                    Appliance.start(ApplianceConfigLoader.load(config, Map.of()), Map.of(), Clock.systemUTC())) {
                String url = "https://127.0.0.1:" + appliance.api().port() + "/metrics";

                // Idle after registering and publishing: the watcher holds back exactly the confirmations.
                String caughtUp = awaitMetrics(
                        url,
                        token,
                        m -> value(m, "dcloud_ledger_lag_blocks").equals(Integer.toString(CONFIRMATIONS))
                                && Long.parseLong(value(m, "dcloud_reconciler_passes_total")) > 0);
                assertTrue(caughtUp.contains("# TYPE dcloud_ledger_lag_blocks gauge\n"), caughtUp);
                assertTrue(caughtUp.contains("# TYPE dcloud_reconciler_passes_total counter\n"), caughtUp);
                assertEquals("0", value(caughtUp, "dcloud_reconciler_ledger_unreachable_total"), caughtUp);
                long head = Long.parseLong(value(caughtUp, "dcloud_ledger_checkpoint_block")) + CONFIRMATIONS;
                assertTrue(head > 0, caughtUp);

                anvil.close();
                String down = awaitMetrics(
                        url,
                        token,
                        m -> value(m, "dcloud_ledger_lag_blocks").equals("NaN")
                                && Long.parseLong(value(m, "dcloud_reconciler_ledger_unreachable_total")) > 0);
                assertTrue(
                        Long.parseLong(value(down, "dcloud_reconciler_passes_total"))
                                > Long.parseLong(value(caughtUp, "dcloud_reconciler_passes_total")),
                        "passes go on without the ledger: " + down);
            }
        } finally {
            anvil.close();
        }
    }

    /** Scrapes until {@code wanted} holds (bounded: the reconciler runs every 2 s, the watcher polls as often). */
    private String awaitMetrics(String url, String token, Predicate<String> wanted) throws Exception {
        var client = client();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            var response = client.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            if (wanted.test(response.body())) {
                return response.body();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the metrics never showed what was expected:\n" + response.body());
            }
            Thread.sleep(200);
        }
    }

    /** The sample of an unlabelled series, or "" when it is not exported. */
    private static String value(String metrics, String name) {
        return metrics.lines()
                .filter(l -> l.startsWith(name + " "))
                .map(l -> l.substring(name.length() + 1))
                .findFirst()
                .orElse("");
    }

    private HttpClient client() throws Exception {
        var trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(dir.resolve("state/api-tls/cert.pem"))) {
            trust.setCertificateEntry(
                    "api", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        var ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}

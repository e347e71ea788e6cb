package io.dcloud.appliance;

import io.dcloud.appliance.config.ApplianceConfigLoader;
import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.ledger.chain.Deployer;
import io.dcloud.ledger.chain.Deployment;
import io.dcloud.ledger.tx.LedgerSession;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.web3j.crypto.Credentials;

/**
 * An appliance's directory as the tests that start a whole appliance lay it out: dev account 1's key as the provider
 * key, an empty base image and an {@code appliance.yaml} on loopback and libvirt's test driver. A test gives only
 * what differs: the provider's name and domain, the HTTP port, the ledger and any further sections.
 */
public final class TestApplianceDir {
    private TestApplianceDir() {}

    /** The marketplace deployed on anvil by dev account 0, written to {@code deployment.json} in dir. */
    public static Deployment deployContracts(AnvilNode anvil, Path dir) {
        try (var session = LedgerSession.connect(
                anvil.rpcUrl(), Credentials.create(AnvilNode.DEV_KEYS.get(0)), Duration.ofSeconds(30))) {
            var deployment =
                    new Deployer(session).deployForTests(anvil.rpcUrl(), session.address(), List.of(), BigInteger.ZERO);
            deployment.write(dir.resolve("deployment.json"));
            return deployment;
        }
    }

    /** The ledger section for the chain at rpcUrl with the deployment {@link #deployContracts} wrote. */
    public static String anvilLedger(String rpcUrl) {
        return "rpc-url: " + rpcUrl + "\ndeployment-file: deployment.json\n";
    }

    /**
     * Writes the provider key, the base image and the config; ledger is the body of the {@code ledger:} section,
     * more whole further sections (each line ending in a newline), or empty.
     */
    public static Path writeConfig(Path dir, String name, String domain, int httpPort, String ledger, String more)
            throws IOException {
        Files.writeString(dir.resolve("provider.key"), AnvilNode.DEV_KEYS.get(1));
        Files.writeString(dir.resolve("base.qcow2"), "");
        var config = dir.resolve("appliance.yaml");
        Files.writeString(config, """
                provider:
                  name: %s
                  key-file: provider.key
                  domain: %s
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
                %s\
                offers:
                  price-per-hour:
                    standard: 0.05
                %s\
                state-dir: state
                """.formatted(name, domain, httpPort, ledger.indent(2), more));
        return config;
    }

    /** A client of the appliance's management API in dir that trusts the API's own certificate and nothing else. */
    public static HttpClient apiClient(Path dir) throws Exception {
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

    /** The appliance of that config, started in this JVM as {@code dcloud appliance run} would start it. */
    public static Appliance start(Path config) throws Exception {
        return Appliance.start(ApplianceConfigLoader.load(config, Map.of()), Map.of(), Clock.systemUTC());
    }
}

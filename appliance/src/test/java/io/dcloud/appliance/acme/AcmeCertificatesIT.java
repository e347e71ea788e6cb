package io.dcloud.appliance.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dcloud.appliance.api.tls.PemFiles;
import io.dcloud.relay.HostPort;
import io.dcloud.sni.RouterConfig;
import io.dcloud.sni.SniRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The appliance orders, reuses and renews its own certificate from a real pebble, answering HTTP-01 on :80. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AcmeCertificatesIT {
    private static final String DOMAIN = "api.provider.test";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static final PendingChallenges pending = new PendingChallenges();
    private static SniRouter router;
    private static PebbleServer pebble;
    private static X509Certificate first;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(
                PebbleServer.installed(), "pebble is not installed: scripts/test installs it (apt-get install pebble)");
        router = SniRouter.start(
                RouterConfig.of(null, new HostPort("127.0.0.1", 0)).withAcme(pending));
        pebble = PebbleServer.start(dir, router.httpAddress().getPort());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (pebble != null) {
                pebble.close();
            }
        } finally {
            if (router != null) {
                router.close();
            }
        }
    }

    private static AcmeCertificates certificates(Path state, PendingChallenges challenges, Clock clock) {
        var settings = AcmeSettings.of(pebble.directory(), "ops@provider.test", DOMAIN, state)
                .withServerTrust(pebble.trust())
                .withTimeout(TIMEOUT);
        return new AcmeCertificates(settings, challenges, clock);
    }

    @Test
    @Order(1)
    void obtainsACertificateForTheNameThatChainsToPebblesRoot() throws Exception {
        Path state = dir.resolve("acme");
        long started = System.nanoTime();
        StoredCertificate stored;
        try {
            stored = certificates(state, pending, Clock.systemUTC()).ensureCertificate();
        } catch (CertificateOrderException e) {
            throw new AssertionError(e.getMessage() + "\n" + pebble.logs(), e);
        }
        System.out.printf("ACME order against pebble took %d ms%n", (System.nanoTime() - started) / 1_000_000);

        assertTrue(stored.obtained());
        first = stored.identity().certificate();
        assertTrue(first.getSubjectAlternativeNames().stream()
                .anyMatch(n -> n.get(1).equals(DOMAIN)));
        assertTrue(stored.identity().keyMatchesCertificate());
        assertChainsTo(stored.identity().chain().toArray(X509Certificate[]::new), pebble.issuingRoot());
        assertEquals(0, pending.size(), "challenges are cleared once the order is done");

        assertEquals(first, PemFiles.readCertificates(stored.certificateFile()).getFirst());
        assertEquals(stored.identity().key(), PemFiles.readPrivateKey(stored.keyFile()));
        for (Path key : new Path[] {stored.keyFile(), state.resolve("account.key")}) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(key), key + "");
        }
        try (var files = Files.list(state)) {
            assertEquals(
                    Set.of("account.key", DOMAIN + ".key", DOMAIN + ".crt"),
                    Set.copyOf(files.map(p -> p.getFileName().toString()).toList()),
                    "no temporary files are left behind");
        }
    }

    @Test
    @Order(2)
    void reusesAStoredCertificateThatIsValidForLongEnough() throws Exception {
        assumeTrue(first != null, "needs the first certificate");
        var stored =
                certificates(dir.resolve("acme"), pending, Clock.systemUTC()).ensureCertificate();

        assertFalse(stored.obtained());
        assertEquals(first, stored.identity().certificate(), "a new order would have brought a new serial");
    }

    @Test
    @Order(3)
    void renewsACertificateNearItsExpiry() throws Exception {
        assumeTrue(first != null, "needs the first certificate");
        var nearExpiry = Clock.fixed(first.getNotAfter().toInstant().minus(Duration.ofDays(10)), ZoneOffset.UTC);
        var renewed = new CompletableFuture<StoredCertificate>();

        try (var renewal = CertificateRenewal.start(
                certificates(dir.resolve("acme"), pending, nearExpiry),
                CertificateRenewal.TWICE_A_DAY,
                renewed::complete)) {
            StoredCertificate next = renewed.get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);

            assertTrue(next.obtained());
            assertNotEquals(
                    first.getSerialNumber(), next.identity().certificate().getSerialNumber());
            assertTrue(next.identity().keyMatchesCertificate());
            assertChainsTo(next.identity().chain().toArray(X509Certificate[]::new), pebble.issuingRoot());
            assertEquals(
                    next.identity().certificate(),
                    PemFiles.readCertificates(next.certificateFile()).getFirst());
        }
    }

    @Test
    @Order(4)
    void saysWhichChallengeFailedWhenHttp01IsNotAnswered() {
        var unanswered = new PendingChallenges();
        var failure = assertThrows(CertificateOrderException.class, () -> certificates(
                        dir.resolve("unanswered"), unanswered, Clock.systemUTC())
                .ensureCertificate());

        assertTrue(
                failure.getMessage().startsWith("cannot get the http-01 challenge for " + DOMAIN + " validated"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("the server says INVALID"), failure.getMessage());
        assertEquals(0, unanswered.size());
    }

    private static void assertChainsTo(X509Certificate[] chain, X509Certificate root) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(java.util.List.of(chain));
        var parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(new Date());
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }
}

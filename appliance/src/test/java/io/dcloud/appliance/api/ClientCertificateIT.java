package io.dcloud.appliance.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.api.auth.AdminTokens;
import io.dcloud.appliance.api.host.HostView;
import io.dcloud.appliance.api.rentals.ActionOutcome;
import io.dcloud.appliance.api.rentals.NewRental;
import io.dcloud.appliance.api.rentals.RentalCreation;
import io.dcloud.appliance.api.rentals.RentalSize;
import io.dcloud.appliance.api.rentals.RentalView;
import io.dcloud.appliance.api.tls.SelfSignedIdentity;
import io.dcloud.appliance.api.tls.TlsIdentity;
import io.dcloud.appliance.metrics.MetricsRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admins with a client certificate from the configured CA need no token; others still do. */
class ClientCertificateIT {

    @TempDir
    static Path dir;

    private static ManagementApi api;
    private static TlsIdentity server;
    private static Issuer adminCa;

    @BeforeAll
    static void start() throws Exception {
        adminCa = Issuer.create("CN=admin CA");
        server = SelfSignedIdentity.loadOrCreate(dir.resolve("api-tls"), Set.of("127.0.0.1"), Clock.systemUTC());
        var settings = new ApiSettings(
                "127.0.0.1", 0, server, AdminTokens.open(dir.resolve("admin-tokens")), List.of(adminCa.certificate()));
        var resources = new ApiResources(
                () -> new HostView("acme", "provider.example", "127.0.0.1", 1, 1024, List.of()),
                List::of,
                List::of,
                (id, action, reason) -> ActionOutcome.refused("none"),
                new RentalCreation() {
                    @Override
                    public RentalSize offerSize() {
                        return new RentalSize(1, 1024, 10);
                    }

                    @Override
                    public RentalView create(NewRental rental) {
                        throw new ProblemException(Problem.conflict("no room"));
                    }
                },
                (id, request) -> {
                    throw new ProblemException(Problem.notFound("no rental " + id));
                },
                () -> {
                    throw new IllegalStateException("secret internals");
                },
                List::of,
                List.of(),
                Optional.empty());
        api = ManagementApi.start(settings, resources, new MetricsRegistry());
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aCertificateFromTheAdminCaIsEnough() throws Exception {
        var response = get(client(adminCa.issue("CN=alice")));
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void aFailingResourceIsAnInternalProblemThatLeaksNothing() throws Exception {
        var response = client(adminCa.issue("CN=alice"))
                .send(
                        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.port() + "/routes"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(500, response.statusCode());
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().contains("urn:dcloud:problem:internal"), response.body());
        assertFalse(response.body().contains("secret internals"), response.body());
    }

    @Test
    void withoutACertificateATokenIsStillNeeded() throws Exception {
        assertEquals(401, get(client(null)).statusCode());
    }

    @Test
    void aCertificateFromAnotherCaIsNotSentPolitelyAndRefusedWhenForced() throws Exception {
        var stranger = Issuer.create("CN=stranger CA").issue("CN=mallory");
        // the JDK client only offers certificates from the CAs the server names: none here, so no token, 401
        assertEquals(401, get(client(stranger)).statusCode());
        // a client that presents it anyway fails the handshake
        assertThrows(IOException.class, () -> get(client(stranger, true)));
    }

    private static HttpResponse<String> get(HttpClient client) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.port() + "/host"))
                .timeout(Duration.ofSeconds(10))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(TlsIdentity clientIdentity) throws Exception {
        return client(clientIdentity, false);
    }

    private static HttpClient client(TlsIdentity clientIdentity, boolean always) throws Exception {
        var trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("api", server.certificate());
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        var keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (clientIdentity != null) {
            keys.setKeyEntry(
                    "me",
                    clientIdentity.key(),
                    new char[0],
                    clientIdentity.chain().toArray(X509Certificate[]::new));
        }
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        var ssl = SSLContext.getInstance("TLS");
        var keyManager = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
        ssl.init(new KeyManager[] {always ? new AlwaysPresent(keyManager) : keyManager}, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Presents its one client certificate whatever issuers the server asks for. */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;

        AlwaysPresent(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "me";
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "me";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"me"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    /** A throwaway CA that issues client certificates. */
    private record Issuer(KeyPair keys, X509Certificate certificate) {

        static Issuer create(String name) throws Exception {
            var keys = ecKeys();
            var subject = new X500Name(name);
            var builder = new JcaX509v3CertificateBuilder(
                            subject, BigInteger.ONE, notBefore(), notAfter(), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
            return new Issuer(keys, sign(builder, keys));
        }

        TlsIdentity issue(String name) throws Exception {
            var leaf = ecKeys();
            var builder = new JcaX509v3CertificateBuilder(
                            new X500Name(certificate.getSubjectX500Principal().getName()),
                            BigInteger.TWO,
                            notBefore(),
                            notAfter(),
                            new X500Name(name),
                            leaf.getPublic())
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            return new TlsIdentity(leaf.getPrivate(), List.of(sign(builder, keys), certificate));
        }

        private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
            var contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        }

        private static KeyPair ecKeys() throws Exception {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }

        private static Date notBefore() {
            return Date.from(Instant.now().minus(Duration.ofMinutes(5)));
        }

        private static Date notAfter() {
            return Date.from(Instant.now().plus(Duration.ofDays(1)));
        }
    }
}

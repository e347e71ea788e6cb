package io.dcloud.appliance.acme;

import io.dcloud.appliance.api.tls.PemFiles;
import io.dcloud.appliance.api.tls.TlsIdentity;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * Keeps a valid certificate for the appliance's own name in the state directory: reuses the stored
 * one while it is valid for longer than {@link AcmeSettings#renewBefore()}, otherwise orders a new
 * one over HTTP-01, answered by the :80 router through {@link PendingChallenges}.
 *
 * <p>Files: {@code account.key} (the ACME account), {@code <domain>.key} (the certificate's key, kept
 * across renewals) and {@code <domain>.crt} (the chain, leaf first). Each is written to a temporary
 * file and moved into place, keys 0600, so a crash never leaves a half-written file.
 */
public final class AcmeCertificates {
    private static final System.Logger LOG = System.getLogger(AcmeCertificates.class.getName());
    private static final String EC_CURVE = "secp256r1";

    private final AcmeSettings settings;
    private final PendingChallenges challenges;
    private final Clock clock;
    private final Path accountKeyFile;
    private final Path domainKeyFile;
    private final Path certificateFile;

    public AcmeCertificates(AcmeSettings settings, PendingChallenges challenges, Clock clock) {
        this.settings = settings;
        this.challenges = challenges;
        this.clock = clock;
        String domain = settings.domain().toLowerCase(Locale.ROOT);
        this.accountKeyFile = settings.stateDir().resolve("account.key");
        this.domainKeyFile = settings.stateDir().resolve(domain + ".key");
        this.certificateFile = settings.stateDir().resolve(domain + ".crt");
    }

    public Path certificateFile() {
        return certificateFile;
    }

    public Path keyFile() {
        return domainKeyFile;
    }

    /** The stored certificate if it is still good for long enough, else a newly ordered one. */
    public synchronized StoredCertificate ensureCertificate() throws CertificateOrderException, InterruptedException {
        StoredCheck stored = checkStored();
        if (stored.usable() != null) {
            return new StoredCertificate(certificateFile, domainKeyFile, stored.usable(), false);
        }
        LOG.log(
                System.Logger.Level.INFO,
                "ordering a certificate for {0} from {1}: {2}",
                settings.domain(),
                settings.directory(),
                stored.reason());
        return order();
    }

    /** The stored identity if it can serve until the renewal window, else why it cannot. */
    private record StoredCheck(TlsIdentity usable, String reason) {
        static StoredCheck stale(String reason) {
            return new StoredCheck(null, reason);
        }
    }

    private StoredCheck checkStored() {
        if (!Files.exists(certificateFile) || !Files.exists(domainKeyFile)) {
            return StoredCheck.stale("no stored certificate");
        }
        TlsIdentity identity;
        try {
            identity = new TlsIdentity(
                    readKeyPair(domainKeyFile).getPrivate(), PemFiles.readCertificates(certificateFile));
        } catch (IOException e) {
            return StoredCheck.stale("the stored certificate cannot be read: " + e.getMessage());
        }
        X509Certificate leaf = identity.certificate();
        Instant now = clock.instant();
        if (!namesOf(leaf).contains(settings.domain().toLowerCase(Locale.ROOT))) {
            return StoredCheck.stale("the stored certificate is not for " + settings.domain());
        }
        if (!identity.keyMatchesCertificate()) {
            return StoredCheck.stale("the stored key does not belong to the stored certificate");
        }
        if (leaf.getNotBefore().toInstant().isAfter(now)) {
            return StoredCheck.stale("the stored certificate is not valid yet");
        }
        if (!leaf.getNotAfter().toInstant().isAfter(now.plus(settings.renewBefore()))) {
            return StoredCheck.stale(
                    "the stored certificate expires at " + leaf.getNotAfter().toInstant());
        }
        return new StoredCheck(identity, "usable");
    }

    private StoredCertificate order() throws CertificateOrderException, InterruptedException {
        try {
            Files.createDirectories(settings.stateDir());
        } catch (IOException e) {
            throw new CertificateOrderException("cannot create the ACME state directory " + settings.stateDir(), e);
        }
        KeyPair accountKey = loadOrCreateKey(accountKeyFile, "ACME account");
        KeyPair domainKey = loadOrCreateKey(domainKeyFile, "certificate");
        Session session = settings.serverTrust()
                .map(trust -> new Session(settings.directory(), new TrustingAcmeProvider(trust)))
                .orElseGet(() -> new Session(settings.directory()));
        session.networkSettings().setTimeout(settings.timeout());

        Account account = step("register the ACME account at " + settings.directory(), () -> new AccountBuilder()
                .addEmail(settings.email())
                .agreeToTermsOfService()
                .useKeyPair(accountKey)
                .create(session));
        Order order = step(
                "create an order for " + settings.domain(),
                () -> account.newOrder().domain(settings.domain()).create());
        for (Authorization authorization : order.getAuthorizations()) {
            authorize(authorization);
        }
        step(
                "get the order for " + settings.domain() + " ready",
                () -> expect(order.waitUntilReady(settings.timeout()), Status.READY, order.getError()));
        step("finalize the order", () -> {
            order.execute(domainKey);
            return null;
        });
        step(
                "get the certificate for " + settings.domain() + " issued",
                () -> expect(order.waitForCompletion(settings.timeout()), Status.VALID, order.getError()));
        List<X509Certificate> chain =
                step("download the certificate", () -> order.getCertificate().getCertificateChain());

        var identity = new TlsIdentity(domainKey.getPrivate(), chain);
        if (!identity.keyMatchesCertificate()) {
            throw new CertificateOrderException("the issued certificate does not carry the requested key");
        }
        var pem = new StringWriter();
        try {
            order.getCertificate().writeCertificate(pem);
            writeAtomically(certificateFile, pem.toString(), false);
        } catch (IOException e) {
            throw new CertificateOrderException("cannot store the certificate in " + certificateFile, e);
        }
        LOG.log(
                System.Logger.Level.INFO,
                "obtained a certificate for {0}, valid until {1}",
                settings.domain(),
                identity.certificate().getNotAfter().toInstant());
        return new StoredCertificate(certificateFile, domainKeyFile, identity, true);
    }

    private void authorize(Authorization authorization) throws CertificateOrderException, InterruptedException {
        String host = authorization.getIdentifier().getDomain();
        if (authorization.getStatus() == Status.VALID) {
            return;
        }
        Http01Challenge challenge = authorization
                .findChallenge(Http01Challenge.class)
                .orElseThrow(
                        () -> new CertificateOrderException("the ACME server offers no http-01 challenge for " + host));
        challenges.put(host, challenge.getToken(), challenge.getAuthorization());
        try {
            step("trigger the http-01 challenge for " + host, () -> {
                challenge.trigger();
                return null;
            });
            step(
                    "get the http-01 challenge for " + host + " validated (is port 80 of " + host
                            + " routed to this appliance?)",
                    () -> expect(challenge.waitForCompletion(settings.timeout()), Status.VALID, challenge.getError()));
        } finally {
            challenges.remove(host, challenge.getToken());
        }
    }

    private static Void expect(Status actual, Status wanted, Optional<Problem> problem) throws AcmeException {
        if (actual != wanted) {
            throw new AcmeException(
                    "the server says " + actual + problem.map(p -> ": " + p).orElse(""));
        }
        return null;
    }

    private interface AcmeStep<T> {
        T run() throws AcmeException, InterruptedException;
    }

    private static <T> T step(String what, AcmeStep<T> body) throws CertificateOrderException, InterruptedException {
        try {
            return body.run();
        } catch (AcmeException | RuntimeException e) {
            throw new CertificateOrderException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private KeyPair loadOrCreateKey(Path file, String purpose) throws CertificateOrderException {
        try {
            if (Files.exists(file)) {
                return readKeyPair(file);
            }
            var pem = new StringWriter();
            KeyPairUtils.writeKeyPair(newKeyPair(), pem);
            writeAtomically(file, pem.toString(), true);
            return readKeyPair(file);
        } catch (IOException e) {
            throw new CertificateOrderException("cannot load or create the " + purpose + " key " + file, e);
        }
    }

    /**
     * EC P-256, made by BouncyCastle (without installing it as a provider) because its PEM carries the
     * public key too, which acme4j's reader needs; the JDK's EC encoding leaves it out.
     */
    private static KeyPair newKeyPair() throws IOException {
        try {
            var generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
            generator.initialize(new ECGenParameterSpec(EC_CURVE));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make an EC " + EC_CURVE + " key", e);
        }
    }

    private static KeyPair readKeyPair(Path file) throws IOException {
        try {
            return KeyPairUtils.readKeyPair(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)));
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " holds no PEM key pair", e);
        }
    }

    private static List<String> namesOf(X509Certificate certificate) {
        try {
            var names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            return names.stream()
                    .filter(entry -> entry.size() == 2 && Integer.valueOf(2).equals(entry.get(0)))
                    .map(entry -> entry.get(1).toString().toLowerCase(Locale.ROOT))
                    .toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static void writeAtomically(Path file, String text, boolean secret) throws IOException {
        var permissions = PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
        var temp =
                Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp", permissions);
        try {
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

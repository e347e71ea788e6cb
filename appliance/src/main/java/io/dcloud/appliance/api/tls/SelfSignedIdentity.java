package io.dcloud.appliance.api.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The API's self-signed certificate, made on first start and kept in the state directory
 * ({@code cert.pem}, {@code key.pem}). It is made again when missing, unreadable, about to expire,
 * missing one of the names asked for, or when the two files do not belong together (a crash
 * between the two atomic writes), so a start never fails on this state.
 */
public final class SelfSignedIdentity {

    static final Duration VALIDITY = Duration.ofDays(825);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final System.Logger LOG = System.getLogger(SelfSignedIdentity.class.getName());

    private SelfSignedIdentity() {}

    /**
     * @param dir where the pair lives (created 0700 when missing)
     * @param names DNS names and IP literals the certificate must cover
     */
    public static TlsIdentity loadOrCreate(Path dir, Set<String> names, Clock clock) throws IOException {
        var certFile = dir.resolve("cert.pem");
        var keyFile = dir.resolve("key.pem");
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            try {
                var identity = new TlsIdentity(PemFiles.readPrivateKey(keyFile), PemFiles.readCertificates(certFile));
                if (usable(identity, names, clock.instant())) {
                    return identity;
                }
            } catch (IOException | CertificateParsingException | RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "replacing unreadable self-signed API certificate in " + dir + ": " + e.getMessage());
            }
        }
        Files.createDirectories(
                dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        var identity = generate(names, clock.instant());
        PemFiles.writeAtomically(keyFile, identity.key(), true);
        PemFiles.writeAtomically(certFile, identity.certificate(), false);
        LOG.log(System.Logger.Level.INFO, "made a self-signed API certificate in {0} for {1}", dir, names);
        return identity;
    }

    static TlsIdentity generate(Set<String> names, Instant now) throws IOException {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            var pair = generator.generateKeyPair();
            var subject = new X500Name("CN=dcloud appliance API");
            var serial = new BigInteger(127, new SecureRandom());
            var builder = new JcaX509v3CertificateBuilder(
                    subject,
                    serial,
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(VALIDITY)),
                    subject,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(names.stream()
                            .sorted()
                            .map(SelfSignedIdentity::generalName)
                            .toArray(GeneralName[]::new)));
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            var certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new TlsIdentity(pair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make a self-signed certificate", e);
        }
    }

    private static GeneralName generalName(String name) {
        return isIpLiteral(name)
                ? new GeneralName(GeneralName.iPAddress, name)
                : new GeneralName(GeneralName.dNSName, name);
    }

    private static boolean isIpLiteral(String name) {
        return name.contains(":") || name.matches("[0-9.]+");
    }

    private static boolean usable(TlsIdentity identity, Set<String> names, Instant now)
            throws CertificateParsingException {
        var certificate = identity.certificate();
        return identity.keyMatchesCertificate()
                && certificate.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))
                && coveredNames(certificate)
                        .containsAll(names.stream()
                                .map(SelfSignedIdentity::canonical)
                                .toList());
    }

    private static Set<String> coveredNames(X509Certificate certificate) throws CertificateParsingException {
        var covered = new HashSet<String>();
        Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
        if (sans != null) {
            sans.forEach(san -> covered.add(canonical(san.get(1).toString())));
        }
        return covered;
    }

    /** IPv6 literals have many spellings; compare them as addresses. */
    private static String canonical(String name) {
        if (!isIpLiteral(name)) {
            return name;
        }
        try {
            return InetAddress.getByName(name).getHostAddress();
        } catch (IOException e) {
            return name;
        }
    }
}

package io.dcloud.attest.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Revocation against CRLs of a small CA made here: accepted, revoked, expired, forged, or absent. */
class CertificateChecksTest {

    static final Instant AT = Instant.parse("2025-06-01T00:00:00Z");
    static final X500Name CA = new X500Name("CN=Test CA,O=dcloud");

    static KeyPair caKeys;
    static X509Certificate ca;
    static X509Certificate leaf;

    @BeforeAll
    static void makeCa() throws Exception {
        caKeys = keys();
        ca = certificate(CA, caKeys.getPublic(), BigInteger.ONE, CA, caKeys.getPrivate());
        leaf = certificate(
                new X500Name("CN=Test Leaf,O=dcloud"),
                keys().getPublic(),
                BigInteger.valueOf(42),
                CA,
                caKeys.getPrivate());
    }

    @Test
    void aCurrentCrlWithoutTheCertificateAccepts() throws Exception {
        Check c = CertificateChecks.revocation(
                "test.crl", List.of(crl(caKeys.getPrivate(), AT.plus(Duration.ofDays(7)))), ca, List.of(leaf), AT);
        assertTrue(c.ok(), c.reason());
        assertEquals("not revoked by the CRL of Test CA", c.reason());
    }

    @Test
    void aCrlListingTheCertificateRevokesIt() throws Exception {
        X509CRL revoking = crl(caKeys.getPrivate(), AT.plus(Duration.ofDays(7)), leaf.getSerialNumber());
        assertTrue(revoking.isRevoked(leaf));
        Check c = CertificateChecks.revocation("test.crl", List.of(revoking), ca, List.of(leaf), AT);
        assertFalse(c.ok());
        assertEquals("test.crl", c.name());
        assertEquals("Test Leaf is revoked", c.reason());
    }

    @Test
    void anExpiredCrlIsRefused() throws Exception {
        Check c = CertificateChecks.revocation(
                "test.crl", List.of(crl(caKeys.getPrivate(), AT.minusSeconds(1))), ca, List.of(leaf), AT);
        assertFalse(c.ok());
        assertTrue(c.reason().contains("expired at " + AT.minusSeconds(1)), c.reason());
    }

    @Test
    void aCrlInTheCasNameButSignedByAnotherKeyIsRefused() throws Exception {
        Check c = CertificateChecks.revocation(
                "test.crl", List.of(crl(keys().getPrivate(), AT.plus(Duration.ofDays(7)))), ca, List.of(leaf), AT);
        assertFalse(c.ok());
        assertTrue(c.reason().endsWith("has a bad signature"), c.reason());
    }

    @Test
    void noCrlOfTheIssuerIsNamed() throws Exception {
        Check c = CertificateChecks.revocation("test.crl", List.of(), ca, List.of(leaf), AT);
        assertFalse(c.ok());
        assertTrue(c.reason().startsWith("no given CRL is issued by"), c.reason());
    }

    static KeyPair keys() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(256);
        return kpg.generateKeyPair();
    }

    static X509Certificate certificate(
            X500Name subject, PublicKey key, BigInteger serial, X500Name issuer, PrivateKey signer) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                issuer,
                                serial,
                                Date.from(AT.minus(Duration.ofDays(30))),
                                Date.from(AT.plus(Duration.ofDays(365))),
                                subject,
                                key)
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    /** A CRL in the CA's name, signed by {@code signer}, listing {@code revoked}. */
    static X509CRL crl(PrivateKey signer, Instant nextUpdate, BigInteger... revoked) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(CA, Date.from(AT.minus(Duration.ofDays(1))));
        b.setNextUpdate(Date.from(nextUpdate));
        for (BigInteger serial : revoked) {
            b.addCRLEntry(serial, Date.from(AT.minus(Duration.ofDays(1))), CRLReason.keyCompromise);
        }
        return new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }
}

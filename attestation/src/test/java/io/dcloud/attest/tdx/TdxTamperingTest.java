package io.dcloud.attest.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.attest.Vectors;
import io.dcloud.attest.evidence.Evidence;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.policy.Policy;
import io.dcloud.attest.verify.Certificates;
import io.dcloud.attest.verify.Check;
import io.dcloud.attest.verify.EvidenceVerifier;
import io.dcloud.attest.verify.Verdict;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Every way of breaking a TDX quote fails, with its own named check; hostile bytes give named errors. */
class TdxTamperingTest {

    static final Instant AT = TdxVectorsTest.AT;
    static final byte[] QUOTE = Vectors.bytes(TdxVectorsTest.QUOTE);

    /** Offset of the QE report inside the quote: signed part (632), length (4), signature and key (128), type and size (6). */
    static final int QE_REPORT = 632 + 4 + 128 + 6;

    @Test
    void flippingAnyBitOfTheSignedRegionFailsTheQuoteSignature() throws Exception {
        assertTrue(TdxVerifier.quoteSignature(TdxQuoteParser.parse(QUOTE)).ok());
        int signatureFailures = 0;
        for (int bit = 0; bit < 632 * 8; bit++) {
            byte[] b = QUOTE.clone();
            b[bit / 8] ^= (byte) (1 << (bit % 8));
            TdxQuote q;
            try {
                q = TdxQuoteParser.parse(b);
            } catch (ParseException e) {
                continue;
            }
            assertFalse(TdxVerifier.quoteSignature(q).ok(), "bit " + bit);
            signatureFailures++;
        }
        assertTrue(signatureFailures > 632 * 8 - 100, "signature failures " + signatureFailures);
    }

    @Test
    void flippingAnyBitOfTheQeReportFailsItsSignature() throws Exception {
        X509Certificate pck =
                Certificates.read(TdxQuoteParser.parse(QUOTE).pckChain()).getFirst();
        assertTrue(
                TdxVerifier.qeReportSignature(TdxQuoteParser.parse(QUOTE), pck).ok());
        for (int bit = 0; bit < QeReport.LENGTH * 8; bit++) {
            byte[] b = QUOTE.clone();
            b[QE_REPORT + bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(
                    TdxVerifier.qeReportSignature(TdxQuoteParser.parse(b), pck).ok(), "bit " + bit);
        }
    }

    @Test
    void aSwappedAttestationKeyBreaksTheBinding() throws Exception {
        byte[] b = QUOTE.clone();
        b[632 + 4 + 64] ^= 1;
        Verdict v = EvidenceVerifier.verify(evidence(b), Policy.defaults(), AT);
        assertEquals(List.of("tdx.quote.signature", "tdx.qe-report.binding"), names(v));
    }

    @Test
    void aForeignRootIsNamed() throws Exception {
        var kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(256);
        var kp = kpg.generateKeyPair();
        X500Name name = new X500Name("CN=Intel SGX Root CA,O=Intel Corporation");
        X509Certificate fake = new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                name, BigInteger.ONE, new Date(0), new Date(4_000_000_000_000L), name, kp.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        List<X509Certificate> chain =
                Certificates.read(TdxQuoteParser.parse(QUOTE).pckChain());
        Check ok = TdxVerifier.rootCheck("tdx.chain.root", chain, io.dcloud.attest.verify.TrustRoots.intelSgxRoot());
        assertTrue(ok.ok());
        List<X509Certificate> forged = List.of(chain.get(0), chain.get(1), fake);
        Check bad = TdxVerifier.rootCheck("tdx.chain.root", forged, io.dcloud.attest.verify.TrustRoots.intelSgxRoot());
        assertFalse(bad.ok());
        assertTrue(bad.reason().contains("not the pinned Intel SGX Root CA"));
        assertFalse(TdxVerifier.signedBy("tdx.chain.intermediate", chain.get(1), fake)
                .ok());
    }

    @Test
    void debugMrtdRtmrAndNonceAreNamed() throws Exception {
        TdxQuote q = TdxQuoteParser.parse(QUOTE);
        Policy exact = Policy.builder()
                .mrTd(q.body().mrTd())
                .rtmr(0, q.body().rtmrs().get(0))
                .rtmr(3, q.body().rtmrs().get(3))
                .mrConfigId(q.body().mrConfigId())
                .nonce(q.body().reportData())
                .nonceBinding(io.dcloud.attest.policy.NonceBinding.RAW)
                .build();
        assertTrue(EvidenceVerifier.verify(evidence(QUOTE), exact, AT).verified());
        Policy wrong = Policy.builder()
                .mrTd(new byte[48])
                .rtmr(2, new byte[48])
                .mrConfigId(new byte[1])
                .nonce(new byte[] {1})
                .build();
        assertEquals(
                List.of("policy.mrtd", "policy.rtmr2", "policy.mrconfigid", "policy.nonce"),
                names(EvidenceVerifier.verify(evidence(QUOTE), wrong, AT)));
        byte[] debug = QUOTE.clone();
        debug[48 + 120] |= 1;
        assertTrue(TdxQuoteParser.parse(debug).body().debug());
        Verdict v = EvidenceVerifier.verify(evidence(debug), Policy.defaults(), AT);
        assertEquals(List.of("tdx.quote.signature", "policy.debug"), names(v));
    }

    @Test
    void certificateOutsideItsValidityIsNamed() throws Exception {
        Verdict v = EvidenceVerifier.verify(evidence(QUOTE), Policy.defaults(), Instant.parse("2030-01-01T00:00:00Z"));
        assertEquals(List.of("tdx.chain.validity"), names(v));
    }

    @Test
    void eachCrlCheckRunsOnlyWhenItsCrlIsGiven() throws Exception {
        X509CRL rootCrl = Certificates.readCrl(Vectors.bytes("tdx/go-tdx-guest/rootcrl.der"));
        X509CRL pckCrl = Certificates.readCrl(Vectors.bytes("tdx/go-tdx-guest/pckcrl"));

        Verdict rootOnly = EvidenceVerifier.verify(withCrls(rootCrl), Policy.defaults(), AT);
        assertTrue(rootOnly.verified(), rootOnly.failures().toString());
        assertTrue(rootOnly.check("tdx.crl.root").orElseThrow().ok());
        assertTrue(rootOnly.check("tdx.crl.pck").isEmpty());

        Verdict pckOnly = EvidenceVerifier.verify(withCrls(pckCrl), Policy.defaults(), AT);
        assertTrue(pckOnly.verified(), pckOnly.failures().toString());
        assertTrue(pckOnly.check("tdx.crl.pck").orElseThrow().ok());
        assertTrue(pckOnly.check("tdx.crl.root").isEmpty());

        Verdict both = EvidenceVerifier.verify(withCrls(rootCrl, pckCrl), Policy.defaults(), AT);
        assertTrue(both.check("tdx.crl.root").orElseThrow().ok());
        assertTrue(both.check("tdx.crl.pck").orElseThrow().ok());

        Verdict none = EvidenceVerifier.verify(withCrls(), Policy.defaults(), AT);
        assertTrue(none.checks().stream().noneMatch(c -> c.name().startsWith("tdx.crl")));
    }

    @Test
    void aCrlOfNeitherIssuerFailsBothChecks() throws Exception {
        var kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(256);
        var kp = kpg.generateKeyPair();
        var builder = new X509v2CRLBuilder(new X500Name("CN=Some Other CA"), new Date(0));
        X509CRL foreign = new JcaX509CRLConverter()
                .getCRL(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        Verdict v = EvidenceVerifier.verify(withCrls(foreign), Policy.defaults(), AT);
        assertEquals(List.of("tdx.crl.root", "tdx.crl.pck"), names(v));
        assertTrue(v.check("tdx.crl.pck").orElseThrow().reason().startsWith("no given CRL is issued by"));
    }

    static Evidence withCrls(X509CRL... crls) {
        return new Evidence(Evidence.Tee.TDX, QUOTE, List.of(), List.of(crls), Optional.empty(), Optional.empty());
    }

    @Test
    void everyTruncationAndRandomMutationGivesANamedParseFailure() {
        for (int n = 0; n < 4935; n++) {
            byte[] cut = Arrays.copyOf(QUOTE, n);
            assertThrows(ParseException.class, () -> TdxQuoteParser.parse(cut), "length " + n);
        }
        Random random = new Random(4);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = QUOTE.clone();
            for (int j = random.nextInt(4); j >= 0; j--) {
                // Bias towards the length and type fields that steer the parser.
                int at = random.nextBoolean() ? random.nextInt(b.length) : 632 + random.nextInt(1300);
                b[Math.min(at, b.length - 1)] = (byte) random.nextInt();
            }
            try {
                TdxQuoteParser.parse(b);
            } catch (ParseException expected) {
                // Named failure; anything unchecked fails the test.
            }
        }
    }

    @Test
    void versionFiveQuotesParseWithTheirBodyDescriptor() throws Exception {
        byte[] v5 = new byte[QUOTE.length + 6];
        System.arraycopy(QUOTE, 0, v5, 0, 48);
        v5[0] = 5;
        v5[48] = 2;
        v5[50] = (byte) (584 & 0xff);
        v5[51] = (byte) (584 >> 8);
        System.arraycopy(QUOTE, 48, v5, 54, QUOTE.length - 48);
        TdxQuote q = TdxQuoteParser.parse(v5);
        assertEquals(5, q.version());
        assertTrue(Arrays.equals(
                TdxQuoteParser.parse(QUOTE).body().mrTd(), q.body().mrTd()));
        assertEquals(54 + 584, q.signedBytes().length);
        v5[48] = 9;
        assertEquals(
                ParseException.Reason.BAD_FIELD,
                assertThrows(ParseException.class, () -> TdxQuoteParser.parse(v5))
                        .reason());
    }

    static Evidence evidence(byte[] b) {
        return new Evidence(Evidence.Tee.TDX, b, List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    static Check check(List<Check> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    static List<String> names(Verdict v) {
        return v.failures().stream().map(Check::name).toList();
    }
}

package io.dcloud.attest.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.attest.Vectors;
import io.dcloud.attest.evidence.Evidence;
import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.policy.NonceBinding;
import io.dcloud.attest.policy.Policy;
import io.dcloud.attest.verify.Check;
import io.dcloud.attest.verify.EvidenceVerifier;
import io.dcloud.attest.verify.Verdict;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every way of breaking SNP evidence fails, and with its own named check. */
class SnpTamperingTest {

    static final Instant AT = SnpVectorsTest.AT;

    @Test
    void flippingAnyBitOfTheSignedRegionFailsTheSignature() throws Exception {
        Evidence good = SnpVectorsTest.virtee();
        byte[] original = good.bytes();
        java.security.cert.X509Certificate vcek = good.certificates().getFirst();
        assertTrue(SnpVerifier.signature(SnpReportParser.parse(original), vcek).ok());
        int signatureFailures = 0;
        for (int bit = 0; bit < SnpReport.SIGNED_LENGTH * 8; bit++) {
            byte[] bytes = original.clone();
            bytes[bit / 8] ^= (byte) (1 << (bit % 8));
            SnpReport report;
            try {
                report = SnpReportParser.parse(bytes);
            } catch (ParseException e) {
                // Version, signature-algorithm and key-selector bits: refused before any signature check.
                continue;
            }
            assertFalse(SnpVerifier.signature(report, vcek).ok(), "bit " + bit + " flipped but the signature holds");
            signatureFailures++;
        }
        assertTrue(signatureFailures > SnpReport.SIGNED_LENGTH * 8 - 100, "signature failures " + signatureFailures);
    }

    @Test
    void flippingSignatureBitsFailsTheSignature() throws Exception {
        Evidence good = SnpVectorsTest.virtee();
        for (int offset : new int[] {0x2A0, 0x2A0 + 47, 0x2E8, 0x2E8 + 47}) {
            byte[] bytes = good.bytes().clone();
            bytes[offset] ^= 1;
            Verdict v = EvidenceVerifier.verify(with(good, bytes), Policy.defaults(), AT);
            assertEquals(List.of("snp.signature"), names(v), "offset " + offset);
        }
    }

    @Test
    void wrongRootIsNamed() throws Exception {
        Evidence e = Vectors.evidence(
                "snp/go-sev-guest/attestation.bin", "snp/go-sev-guest/vcek.der", "roots/ark_genoa.pem");
        Verdict v = EvidenceVerifier.verify(e, Policy.builder().allowDebug(true).build(), AT);
        assertEquals(List.of("snp.chain.ark"), names(v));
        assertTrue(v.check("snp.chain.ark").orElseThrow().reason().contains("not the pinned ARK of Milan"));
    }

    @Test
    void intermediateFromAnotherProductIsNamed() throws Exception {
        Evidence e = Vectors.evidence(
                "snp/virtee-sev/report_milan.hex", "snp/virtee-sev/vcek_milan.der", "roots/ask_genoa.pem");
        Verdict v = EvidenceVerifier.verify(e, Policy.defaults(), AT);
        // The Genoa ASK is not the VCEK's issuer, so the bundled Milan ASK is used and the chain holds.
        assertTrue(v.verified(), v.failures().toString());
        Verdict forced = EvidenceVerifier.verify(
                new Evidence(
                        e.tee(), e.bytes(), e.certificates(), List.of(), Optional.of(Product.GENOA), Optional.empty()),
                Policy.defaults(),
                AT);
        assertEquals(List.of("snp.product"), names(forced));
    }

    @Test
    void swappedVcekIsNamed() throws Exception {
        Evidence e = Vectors.evidence("snp/virtee-sev/report_milan.hex", "snp/go-sev-guest/vcek.der");
        Verdict v = EvidenceVerifier.verify(e, Policy.defaults(), AT);
        assertEquals(List.of("snp.signature", "snp.endorsement-key.tcb", "snp.endorsement-key.hwid"), names(v));
    }

    @Test
    void theVcekOfThisChipIsChosenAmongSeveral() throws Exception {
        Evidence e = Vectors.evidence(
                "snp/virtee-sev/report_milan.hex", "snp/go-sev-guest/vcek.der", "snp/virtee-sev/vcek_milan.der");
        Verdict v = EvidenceVerifier.verify(e, Policy.defaults(), AT);
        assertTrue(v.verified(), v.failures().toString());
    }

    @Test
    void missingVcekIsNamed() throws Exception {
        Evidence e = Vectors.evidence("snp/virtee-sev/report_milan.hex");
        Verdict v = EvidenceVerifier.verify(e, Policy.defaults(), AT);
        assertEquals(List.of("snp.product", "snp.endorsement-key"), names(v));
    }

    @Test
    void certificateOutsideItsValidityIsNamed() throws Exception {
        Verdict before = EvidenceVerifier.verify(
                SnpVectorsTest.virtee(), Policy.defaults(), Instant.parse("2023-01-01T00:00:00Z"));
        assertEquals(List.of("snp.chain.validity"), names(before));
        Verdict after = EvidenceVerifier.verify(
                SnpVectorsTest.virtee(), Policy.defaults(), Instant.parse("2031-01-01T00:00:00Z"));
        assertEquals(List.of("snp.chain.validity"), names(after));
        assertTrue(after.check("snp.chain.validity").orElseThrow().reason().contains("SEV-VCEK"));
    }

    @Test
    void crlFromAnotherIssuerIsNamed() throws Exception {
        Evidence e = SnpVectorsTest.virtee();
        var crl = io.dcloud.attest.verify.Certificates.readCrl(Vectors.bytes("tdx/go-tdx-guest/rootcrl.der"));
        Verdict v = EvidenceVerifier.verify(
                new Evidence(e.tee(), e.bytes(), e.certificates(), List.of(crl), e.product(), e.collateral()),
                Policy.defaults(),
                AT);
        assertEquals(List.of("snp.crl"), names(v));
        assertTrue(v.check("snp.crl").orElseThrow().reason().startsWith("no given CRL is issued by"));
    }

    @Test
    void debugIsNamed() throws Exception {
        Verdict v = EvidenceVerifier.verify(SnpVectorsTest.goSevGuest(), Policy.defaults(), AT);
        assertEquals(List.of("policy.debug"), names(v));
    }

    @Test
    void nonceBindingIsCheckedBothWays() throws Exception {
        byte[] nonce = Hex.parse("0102030405", "nonce");
        Policy raw = Policy.builder()
                .allowDebug(true)
                .nonce(nonce)
                .nonceBinding(NonceBinding.RAW)
                .build();
        assertTrue(EvidenceVerifier.verify(SnpVectorsTest.goSevGuest(), raw, AT).verified());

        Policy wrong = Policy.builder()
                .allowDebug(true)
                .nonce(Hex.parse("0102030406", "nonce"))
                .nonceBinding(NonceBinding.RAW)
                .build();
        assertEquals(List.of("policy.nonce"), names(EvidenceVerifier.verify(SnpVectorsTest.goSevGuest(), wrong, AT)));

        // The default binding is SHA-512(nonce): the raw nonce in REPORT_DATA does not satisfy it.
        Policy sha = Policy.builder().allowDebug(true).nonce(nonce).build();
        assertEquals(List.of("policy.nonce"), names(EvidenceVerifier.verify(SnpVectorsTest.goSevGuest(), sha, AT)));
        byte[] digest = MessageDigest.getInstance("SHA-512").digest("tenant nonce".getBytes());
        Policy other = Policy.builder().nonce("tenant nonce".getBytes()).build();
        assertFalse(MessageDigest.isEqual(
                digest, SnpReportParser.parse(SnpVectorsTest.virtee().bytes()).reportData()));
        assertEquals(List.of("policy.nonce"), names(EvidenceVerifier.verify(SnpVectorsTest.virtee(), other, AT)));
    }

    @Test
    void wrongMeasurementHostDataVmplAndIdKeyAreNamed() throws Exception {
        Policy p = Policy.builder()
                .measurement(new byte[48])
                .hostData(new byte[] {1})
                .vmpl(Optional.of(2))
                .acceptIdKeyDigest(new byte[48])
                .build();
        Verdict v = EvidenceVerifier.verify(SnpVectorsTest.trustee(), p, AT);
        assertEquals(List.of("policy.vmpl", "policy.measurement", "policy.host-data", "policy.id-key"), names(v));
    }

    @Test
    void unsignedReportIsNamed() throws Exception {
        byte[] bytes = SnpVectorsTest.virtee().bytes().clone();
        bytes[0x48] |= 7 << 2;
        Verdict v = EvidenceVerifier.verify(with(SnpVectorsTest.virtee(), bytes), Policy.defaults(), AT);
        assertEquals("snp.signing-key", names(v).getFirst());
    }

    static Evidence with(Evidence e, byte[] bytes) {
        return new Evidence(e.tee(), bytes, e.certificates(), e.crls(), e.product(), e.collateral());
    }

    static List<String> names(Verdict v) {
        return v.failures().stream().map(Check::name).toList();
    }
}

package io.dcloud.attest.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.attest.Vectors;
import io.dcloud.attest.evidence.Evidence;
import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.policy.Policy;
import io.dcloud.attest.verify.EvidenceVerifier;
import io.dcloud.attest.verify.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each SNP vector gives exactly the facts and verdicts of MANIFEST.md. */
class SnpVectorsTest {

    static final Instant AT = Instant.parse("2025-06-01T00:00:00Z");

    static final String GO = "snp/go-sev-guest/";
    static final String VIRTEE = "snp/virtee-sev/";
    static final String TRUSTEE = "snp/trustee/";

    static Evidence goSevGuest() throws Exception {
        return Vectors.evidence(GO + "attestation.bin", GO + "vcek.der", GO + "ask_ark_milan.pem");
    }

    static Evidence virtee() throws Exception {
        return Vectors.evidence(
                VIRTEE + "report_milan.hex", VIRTEE + "vcek_milan.der", VIRTEE + "cert_chain_milan.pem");
    }

    static Evidence trustee() throws Exception {
        return Vectors.evidence(
                TRUSTEE + "test-report.bin", TRUSTEE + "test-vcek.der", "roots/ask_milan.pem", "roots/ark_milan.pem");
    }

    @Test
    void goSevGuestFacts() throws Exception {
        SnpReport r = SnpReportParser.parse(goSevGuest().bytes());
        assertEquals(2, r.version());
        assertTrue(r.cpuid().isEmpty());
        assertEquals(0xb0000L, r.policy().raw());
        assertTrue(r.policy().smt());
        assertTrue(r.policy().debug());
        assertFalse(r.policy().migrateMa());
        assertFalse(r.policy().singleSocket());
        assertEquals(0, r.vmpl());
        assertEquals("0200000000000544", tcbHex(r.reportedTcb()));
        assertEquals("0200000000000544", tcbHex(r.currentTcb()));
        assertEquals("0200000000000544", tcbHex(r.committedTcb()));
        assertEquals("0200000000000544", tcbHex(r.launchTcb()));
        assertEquals(new Tcb(0, 2, 0, 5, 68), Tcb.decode(r.reportedTcb(), Product.MILAN));
        assertEquals(
                "3ac3fe21e13fb0990eb28a802e3fb6a29483a6b0753590c951bdd3b8e53786184ca39e359669a2b76a1936776b564ea464cdce40c05f63c9b610c5068b006b5d",
                Hex.of(r.chipId()));
        assertEquals(
                "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01",
                Hex.of(r.measurement()));
        assertEquals("0102030405" + "00".repeat(59), Hex.of(r.reportData()));
        assertEquals("00".repeat(32), Hex.of(r.hostData()));
        assertEquals(SigningKey.VCEK, r.signingKey());
        assertEquals(0, r.trailingBytes());
    }

    @Test
    void goSevGuestIsRejectedForDebugOnlyAndVerifiedWhenDebugIsAllowed() throws Exception {
        Verdict strict = EvidenceVerifier.verify(goSevGuest(), Policy.defaults(), AT);
        assertFalse(strict.verified());
        assertEquals(List.of("policy.debug"), names(strict.failures()));
        assertEquals("Milan", strict.claims().get("product"));
        assertEquals("vcek", strict.claims().get("signingKey"));

        Verdict lenient = EvidenceVerifier.verify(
                goSevGuest(), Policy.builder().allowDebug(true).build(), AT);
        assertTrue(lenient.verified(), lenient.failures().toString());
        for (String name : List.of(
                "snp.product",
                "snp.signature",
                "snp.endorsement-key.tcb",
                "snp.endorsement-key.hwid",
                "snp.chain.ark",
                "snp.chain.intermediate",
                "snp.chain.endorsement-key",
                "snp.chain.validity")) {
            assertTrue(lenient.check(name).orElseThrow().ok(), name);
        }
    }

    @Test
    void virteeMilanFactsAndVerdict() throws Exception {
        SnpReport r = SnpReportParser.parse(virtee().bytes());
        assertEquals(2, r.version());
        assertEquals(0x30000L, r.policy().raw());
        assertTrue(r.policy().smt());
        assertFalse(r.policy().debug());
        assertEquals(0, r.vmpl());
        assertEquals("0300000000000873", tcbHex(r.reportedTcb()));
        assertEquals(
                "d49554ec717f4e5b0fe6b143bcf0405bd7ae304727edf46603f2a76aef6a3abc15d7af38db757039029f0efacfd08e244324884738c72b082e2f87a44d541eb6",
                Hex.of(r.chipId()));
        assertEquals(
                "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f",
                Hex.of(r.measurement()));
        assertEquals(
                "d447b55d197491bfe15cf298f9de9986b7a7c4be2468b4f6e2d53b71d7c645810b0f2cdfca0040433be063fc1a8293f0f3f8dae7b79fecb3d1cd82bd6a93ebfd",
                Hex.of(r.reportData()));

        Verdict v = EvidenceVerifier.verify(virtee(), Policy.defaults(), AT);
        assertTrue(v.verified(), v.failures().toString());
        assertEquals("Milan", v.claims().get("product"));
        Map<?, ?> tcb = (Map<?, ?>) v.claims().get("reportedTcb");
        assertEquals(3, tcb.get("bootloader"));
        assertEquals(8, tcb.get("snp"));
        assertEquals(0x73, tcb.get("microcode"));
    }

    @Test
    void virteeVerifiedWithPolicyAdjustedToIt() throws Exception {
        SnpReport r = SnpReportParser.parse(virtee().bytes());
        Policy exact = Policy.builder()
                .measurement(r.measurement())
                .hostData(r.hostData())
                .minimumTcb(new Tcb(0, 3, 0, 8, 0x73))
                .acceptIdKeyDigest(r.idKeyDigest())
                .build();
        Verdict v = EvidenceVerifier.verify(virtee(), exact, AT);
        assertTrue(v.verified(), v.failures().toString());
        assertTrue(v.check("policy.measurement").orElseThrow().ok());
        assertTrue(v.check("policy.minimum-tcb").orElseThrow().ok());

        Verdict higher = EvidenceVerifier.verify(
                virtee(), Policy.builder().minimumTcb(new Tcb(0, 3, 0, 9, 0)).build(), AT);
        assertEquals(List.of("policy.minimum-tcb"), names(higher.failures()));
    }

    @Test
    void trusteeFactsAndVerdict() throws Exception {
        SnpReport r = SnpReportParser.parse(trustee().bytes());
        assertEquals(2, r.version());
        assertEquals(4, r.guestSvn());
        assertEquals(0x3001fL, r.policy().raw());
        assertEquals(0, r.policy().abiMajor());
        assertEquals(31, r.policy().abiMinor());
        assertFalse(r.policy().debug());
        assertEquals("03000000000008ce", tcbHex(r.currentTcb()));
        assertEquals("0300000000000873", tcbHex(r.reportedTcb()));
        assertEquals("01" + "00".repeat(15), Hex.of(r.familyId()));
        assertEquals("02" + "00".repeat(15), Hex.of(r.imageId()));
        assertTrue(Hex.of(r.idKeyDigest()).startsWith("0356215882a82527"));
        assertEquals(
                "c38427a30d4c7af9d96f7a15b97269825a64cb76a2352ffd5d18115d89ad473f8e8c0bcd9a5d9286612bad4aadfb4426205a3b9e4fea82301135a170e477524e",
                Hex.of(r.chipId()));
        assertEquals(
                "a1f3930413247bb38cfc171579ea3c12d5fe4901f0c792f63fd75d98f1ef827c23500644e0e692e6be917f9050d3d38c",
                Hex.of(r.measurement()));
        assertEquals(
                "ec6c52d7533cc2c4f45be7849cf112ab82b2009fe7bd43e71ed08c14400ad7e2" + "00".repeat(32),
                Hex.of(r.reportData()));

        Verdict v = EvidenceVerifier.verify(trustee(), Policy.defaults(), AT);
        assertTrue(v.verified(), v.failures().toString());
        assertTrue(v.check("snp.endorsement-key.tcb").orElseThrow().ok());

        Verdict pinned = EvidenceVerifier.verify(
                trustee(),
                Policy.builder()
                        .acceptIdKeyDigest(r.idKeyDigest())
                        .measurement(r.measurement())
                        .nonce(Hex.parse("ec6c52d7533cc2c4f45be7849cf112ab82b2009fe7bd43e71ed08c14400ad7e2", "nonce"))
                        .nonceBinding(io.dcloud.attest.policy.NonceBinding.RAW)
                        .build(),
                AT);
        assertTrue(pinned.verified(), pinned.failures().toString());
    }

    static String tcbHex(long raw) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (raw >>> (8 * i));
        }
        return Hex.of(b);
    }

    static List<String> names(List<io.dcloud.attest.verify.Check> checks) {
        return checks.stream().map(io.dcloud.attest.verify.Check::name).toList();
    }
}

package io.dcloud.attest.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.attest.Vectors;
import io.dcloud.attest.kds.VcekExtensions;
import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.verify.Check;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Turin VCEK: its TCB layout with FMC, its 8-byte hwID, and its chain to the pinned Turin ARK. */
class TurinTest {

    @Test
    void turinVcekChainsToThePinnedTurinArk() throws Exception {
        List<X509Certificate> certs =
                Vectors.certs("snp/virtee-sev/vcek_turin.der", "snp/virtee-sev/cert_chain_turin.pem");
        X509Certificate vcek = certs.getFirst();
        List<Check> checks = SnpVerifier.chain(
                SigningKey.VCEK, vcek, certs, Product.TURIN, Instant.parse("2025-06-01T00:00:00Z"), List.of());
        assertTrue(checks.stream().allMatch(Check::ok), checks.toString());
        assertEquals(4, checks.size());

        List<Check> milan = SnpVerifier.chain(
                SigningKey.VCEK, vcek, certs, Product.MILAN, Instant.parse("2025-06-01T00:00:00Z"), List.of());
        assertFalse(milan.stream().allMatch(Check::ok));

        List<Check> early = SnpVerifier.chain(
                SigningKey.VCEK, vcek, certs, Product.TURIN, Instant.parse("2024-11-01T00:00:00Z"), List.of());
        assertEquals(
                List.of("snp.chain.validity"),
                early.stream().filter(c -> !c.ok()).map(Check::name).toList());
    }

    @Test
    void turinExtensionsCarryFmcAndAnEightByteHwId() throws Exception {
        X509Certificate vcek = Vectors.certs("snp/virtee-sev/vcek_turin.der").getFirst();
        VcekExtensions ext = VcekExtensions.of(vcek);
        assertEquals("1e550a8ee5cf9f4d", Hex.of(ext.hwId().orElseThrow()));
        assertEquals(
                Product.TURIN, Product.fromName(ext.productName().orElseThrow()).orElseThrow());
        assertEquals(new Tcb(0, 0, 0, 0, 9), ext.tcb());
        assertEquals(
                Instant.parse("2024-11-06T00:00:00Z").getEpochSecond() / 86400,
                vcek.getNotBefore().toInstant().getEpochSecond() / 86400);
    }

    @Test
    void turinTcbLayoutPutsFmcFirst() {
        Tcb t = new Tcb(1, 2, 3, 4, 5);
        long raw = t.encode(Product.TURIN);
        assertEquals("0102030400000005", SnpVectorsTest.tcbHex(raw));
        assertEquals(t, Tcb.decode(raw, Product.TURIN));
        assertEquals(new Tcb(0, 1, 2, 0, 5), Tcb.decode(raw, Product.MILAN));
        assertEquals(raw, Tcb.decode(raw, Product.TURIN).encode(Product.TURIN));
    }

    @Test
    void cpuidNamesTheProduct() {
        assertEquals(Product.MILAN, Product.fromCpuid(0x19, 0x01).orElseThrow());
        assertEquals(Product.GENOA, Product.fromCpuid(0x19, 0x11).orElseThrow());
        assertEquals(Product.TURIN, Product.fromCpuid(0x1A, 0x02).orElseThrow());
        assertTrue(Product.fromCpuid(0x17, 0x31).isEmpty());
    }
}

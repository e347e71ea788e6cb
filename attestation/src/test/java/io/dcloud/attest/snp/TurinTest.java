package io.dcloud.attest.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.attest.Vectors;
import io.dcloud.attest.kds.VcekExtensions;
import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.verify.Check;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
    void aTurinReportMatchesItsVcekOnTcbAndHwId() throws Exception {
        VcekExtensions ext = VcekExtensions.of(turinVcek());
        SnpReport report =
                SnpReportParser.parse(turinReport(ext.tcb(), ext.hwId().orElseThrow()));
        assertEquals(3, report.version());
        assertEquals(
                Product.TURIN,
                Product.fromCpuid(
                                report.cpuid().orElseThrow().family(),
                                report.cpuid().orElseThrow().model())
                        .orElseThrow());
        Check tcb = SnpVerifier.tcb(report, ext, Product.TURIN);
        assertTrue(tcb.ok(), tcb.reason());
        Check hwId = SnpVerifier.hwId(report, ext);
        assertTrue(hwId.ok(), hwId.reason());

        Tcb otherFmc = new Tcb(
                ext.tcb().fmc() + 1,
                ext.tcb().bootloader(),
                ext.tcb().tee(),
                ext.tcb().snp(),
                ext.tcb().microcode());
        Check fmc = SnpVerifier.tcb(
                SnpReportParser.parse(turinReport(otherFmc, ext.hwId().orElseThrow())), ext, Product.TURIN);
        assertEquals("snp.endorsement-key.tcb", fmc.name());
        assertFalse(fmc.ok());
        assertTrue(fmc.reason().contains("REPORTED_TCB fmc=1,"), fmc.reason());

        byte[] otherChip = ext.hwId().orElseThrow().clone();
        otherChip[7] ^= 1;
        Check chip = SnpVerifier.hwId(SnpReportParser.parse(turinReport(ext.tcb(), otherChip)), ext);
        assertEquals("snp.endorsement-key.hwid", chip.name());
        assertFalse(chip.ok());
        assertTrue(
                chip.reason().startsWith("VCEK hwID 1e550a8ee5cf9f4d differs from CHIP_ID 1e550a8ee5cf9f4c"),
                chip.reason());
    }

    @Test
    void theWholeVerifierFailsOnlyTheSignatureOfTheSynthesizedReport() throws Exception {
        List<X509Certificate> certs =
                Vectors.certs("snp/virtee-sev/vcek_turin.der", "snp/virtee-sev/cert_chain_turin.pem");
        VcekExtensions ext = VcekExtensions.of(certs.getFirst());
        Instant at = Instant.parse("2025-06-01T00:00:00Z");
        SnpVerifier.Result matching = SnpVerifier.verify(
                SnpReportParser.parse(turinReport(ext.tcb(), ext.hwId().orElseThrow())),
                certs,
                Optional.empty(),
                at,
                List.of());
        assertEquals(Optional.of(Product.TURIN), matching.product());
        assertEquals(List.of("snp.signature"), failures(matching.checks()));

        Tcb otherFmc = new Tcb(
                2,
                ext.tcb().bootloader(),
                ext.tcb().tee(),
                ext.tcb().snp(),
                ext.tcb().microcode());
        SnpVerifier.Result fmc = SnpVerifier.verify(
                SnpReportParser.parse(turinReport(otherFmc, ext.hwId().orElseThrow())),
                certs,
                Optional.empty(),
                at,
                List.of());
        assertEquals(List.of("snp.signature", "snp.endorsement-key.tcb"), failures(fmc.checks()));

        SnpVerifier.Result chip = SnpVerifier.verify(
                SnpReportParser.parse(turinReport(ext.tcb(), new byte[8])), certs, Optional.empty(), at, List.of());
        assertEquals(List.of("snp.signature", "snp.endorsement-key.hwid"), failures(chip.checks()));
    }

    @Test
    void anEmptyOrOddLengthHwIdMatchesNoChip() throws Exception {
        VcekExtensions turin = VcekExtensions.of(turinVcek());
        SnpReport report =
                SnpReportParser.parse(turinReport(turin.tcb(), turin.hwId().orElseThrow()));
        Check empty =
                SnpVerifier.hwId(report, new VcekExtensions(Optional.empty(), turin.tcb(), Optional.of(new byte[0])));
        assertFalse(empty.ok());
        assertEquals("VCEK hwID extension is empty", empty.reason());
        Check prefix = SnpVerifier.hwId(
                report,
                new VcekExtensions(
                        Optional.empty(),
                        turin.tcb(),
                        Optional.of(Arrays.copyOf(turin.hwId().orElseThrow(), 4))));
        assertFalse(prefix.ok());
        assertEquals("VCEK hwID has 4 bytes; expected 64 or 8 (Turin)", prefix.reason());
        Check absent = SnpVerifier.hwId(report, new VcekExtensions(Optional.empty(), turin.tcb(), Optional.empty()));
        assertEquals("VCEK has no hwID extension", absent.reason());
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

    static X509Certificate turinVcek() throws Exception {
        return Vectors.certs("snp/virtee-sev/vcek_turin.der").getFirst();
    }

    /**
     * A version 3 report of a Turin chip (CPUID family 0x1A, model 0x02) whose CHIP_ID starts with
     * {@code chipPrefix} and whose REPORTED_TCB is {@code tcb}, unsigned (zero signature) but selecting the
     * VCEK.
     */
    static byte[] turinReport(Tcb tcb, byte[] chipPrefix) {
        ByteBuffer b = ByteBuffer.allocate(SnpReport.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x00, 3);
        b.putInt(0x34, 1);
        b.putLong(0x180, tcb.encode(Product.TURIN));
        b.put(0x188, (byte) 0x1A);
        b.put(0x189, (byte) 0x02);
        b.put(0x1A0, chipPrefix);
        return b.array();
    }

    static List<String> failures(List<Check> checks) {
        return checks.stream().filter(c -> !c.ok()).map(Check::name).toList();
    }

    @Test
    void cpuidNamesTheProduct() {
        assertEquals(Product.MILAN, Product.fromCpuid(0x19, 0x01).orElseThrow());
        assertEquals(Product.GENOA, Product.fromCpuid(0x19, 0x11).orElseThrow());
        assertEquals(Product.TURIN, Product.fromCpuid(0x1A, 0x02).orElseThrow());
        assertTrue(Product.fromCpuid(0x17, 0x31).isEmpty());
    }
}

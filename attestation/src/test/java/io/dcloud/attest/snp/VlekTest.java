package io.dcloud.attest.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.attest.Vectors;
import io.dcloud.attest.kds.VcekExtensions;
import io.dcloud.attest.verify.Check;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The VLEK path. No real VLEK-signed report is public (VLEKs are issued to cloud providers), so the
 * VLEK and its ASVK are made here with AMD's names and extensions; the report is signed with that VLEK.
 * Only the pinned ARK cannot be forged, which is what the chain check must catch.
 */
class VlekTest {

    static final Instant AT = Instant.parse("2025-06-01T00:00:00Z");
    static final Tcb TCB = new Tcb(0, 3, 0, 8, 0x73);
    static final String AMD = "1.3.6.1.4.1.3704.1.";

    static KeyPair vlekKeys;
    static X509Certificate asvk;
    static X509Certificate vlek;

    @BeforeAll
    static void makeVlek() throws Exception {
        KeyPair asvkKeys = keys("secp384r1");
        vlekKeys = keys("secp384r1");
        X500Name ark = new X500Name("CN=ARK-Milan,OU=Engineering,O=Advanced Micro Devices,C=US");
        X500Name asvkName = new X500Name("CN=SEV-VLEK-Milan,OU=Engineering,O=Advanced Micro Devices,C=US");
        asvk = certificate(asvkName, asvkKeys.getPublic(), ark, asvkKeys.getPrivate(), false);
        vlek = certificate(
                new X500Name("CN=SEV-VLEK,OU=Engineering,O=Advanced Micro Devices,C=US"),
                vlekKeys.getPublic(),
                asvkName,
                asvkKeys.getPrivate(),
                true);
    }

    @Test
    void aVlekReportWithoutAVlekCertificateIsNamed() throws Exception {
        SnpReport report = SnpReportParser.parse(signedVlekReport());
        assertEquals(SigningKey.VLEK, report.signingKey());
        List<X509Certificate> onlyVcek = Vectors.certs("snp/virtee-sev/vcek_milan.der");
        SnpVerifier.Result r = SnpVerifier.verify(report, onlyVcek, Optional.empty(), AT, List.of());
        assertEquals(List.of("snp.endorsement-key"), failures(r.checks()));
        assertEquals(
                "no VLEK certificate given (pass it with --cert, an auxblob, or --online)",
                check(r.checks(), "snp.endorsement-key").reason());
    }

    @Test
    void aVlekSignsTheReportAndItsAsvkIsNamedInTheChain() throws Exception {
        SnpReport report = SnpReportParser.parse(signedVlekReport());
        SnpVerifier.Result r = SnpVerifier.verify(report, List.of(vlek, asvk), Optional.empty(), AT, List.of());
        assertEquals(Optional.of(Product.MILAN), r.product());
        assertTrue(check(r.checks(), "snp.signature").ok());
        assertTrue(check(r.checks(), "snp.endorsement-key.tcb").ok());
        // VLEKs are not chip-specific: no hwID check runs.
        assertTrue(r.checks().stream().noneMatch(c -> c.name().equals("snp.endorsement-key.hwid")));
        assertEquals(
                "VLEK is signed by ASVK",
                check(r.checks(), "snp.chain.endorsement-key").reason());
        // The ASVK made here is not signed by AMD's ARK: exactly that fails, naming the ASVK.
        assertEquals(List.of("snp.chain.intermediate"), failures(r.checks()));
        String reason = check(r.checks(), "snp.chain.intermediate").reason();
        assertTrue(reason.startsWith("ASVK "), reason);
        assertTrue(reason.contains("CN=SEV-VLEK-Milan"), reason);
        assertTrue(reason.contains(" is not signed by ARK-Milan: "), reason);

        byte[] tampered = signedVlekReport();
        tampered[0x90] ^= 1;
        SnpVerifier.Result bad = SnpVerifier.verify(
                SnpReportParser.parse(tampered), List.of(vlek, asvk), Optional.empty(), AT, List.of());
        assertEquals(List.of("snp.signature", "snp.chain.intermediate"), failures(bad.checks()));
    }

    @Test
    void theBundledAskIsNotUsedForAVlek() throws Exception {
        List<Check> chain = SnpVerifier.chain(SigningKey.VLEK, vlek, List.of(vlek), Product.MILAN, AT, List.of());
        assertEquals(List.of("snp.chain.intermediate"), failures(chain));
        assertEquals(
                "no ASVK given for the VLEK (AMD KDS /vlek/v1/Milan/cert_chain; pass it with --cert or --online)",
                check(chain, "snp.chain.intermediate").reason());
        VcekExtensions ext = VcekExtensions.of(vlek);
        assertEquals(TCB, ext.tcb());
        assertTrue(ext.hwId().isEmpty());
    }

    /** A version 3 Milan report (CPUID 0x19/0x01) selecting the VLEK, signed with the VLEK made here. */
    static byte[] signedVlekReport() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(SnpReport.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x00, 3);
        b.putInt(0x34, 1);
        b.putInt(0x48, 1 << 2);
        b.putLong(0x180, TCB.encode(Product.MILAN));
        b.put(0x188, (byte) 0x19);
        b.put(0x189, (byte) 0x01);
        byte[] bytes = b.array();
        Signature s = Signature.getInstance("SHA384withECDSA");
        s.initSign(vlekKeys.getPrivate());
        s.update(bytes, 0, SnpReport.SIGNED_LENGTH);
        ASN1Sequence rs = ASN1Sequence.getInstance(s.sign());
        putLittleEndian(bytes, 0x2A0, ASN1Integer.getInstance(rs.getObjectAt(0)).getPositiveValue());
        putLittleEndian(bytes, 0x2E8, ASN1Integer.getInstance(rs.getObjectAt(1)).getPositiveValue());
        return bytes;
    }

    static void putLittleEndian(byte[] into, int offset, BigInteger value) {
        byte[] big = value.toByteArray();
        for (int i = 0; i < big.length && i < 72; i++) {
            into[offset + i] = big[big.length - 1 - i];
        }
    }

    static KeyPair keys(String curve) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec(curve));
        return kpg.generateKeyPair();
    }

    static X509Certificate certificate(
            X500Name subject, PublicKey key, X500Name issuer, PrivateKey signer, boolean endorsementKey)
            throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.TWO,
                Date.from(AT.minus(Duration.ofDays(30))),
                Date.from(AT.plus(Duration.ofDays(365))),
                subject,
                key);
        if (endorsementKey) {
            b.addExtension(new ASN1ObjectIdentifier(AMD + "2"), false, new DERIA5String("Milan"));
            b.addExtension(new ASN1ObjectIdentifier(AMD + "3.1"), false, new ASN1Integer(TCB.bootloader()));
            b.addExtension(new ASN1ObjectIdentifier(AMD + "3.2"), false, new ASN1Integer(TCB.tee()));
            b.addExtension(new ASN1ObjectIdentifier(AMD + "3.3"), false, new ASN1Integer(TCB.snp()));
            b.addExtension(new ASN1ObjectIdentifier(AMD + "3.8"), false, new ASN1Integer(TCB.microcode()));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(signer)));
    }

    static Check check(List<Check> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    static List<String> failures(List<Check> checks) {
        return checks.stream().filter(c -> !c.ok()).map(Check::name).toList();
    }
}

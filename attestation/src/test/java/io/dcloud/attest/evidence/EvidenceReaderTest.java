package io.dcloud.attest.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.attest.Vectors;
import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.parse.ParseException.Reason;
import io.dcloud.attest.policy.Policy;
import io.dcloud.attest.verify.EvidenceVerifier;
import io.dcloud.attest.verify.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Evidence arrives raw, hex, base64, as a bundle, or as a configfs-tsm outblob with an auxblob. */
class EvidenceReaderTest {

    static final byte[] REPORT = Vectors.bytes("snp/go-sev-guest/attestation.bin");
    static final Instant AT = Instant.parse("2025-06-01T00:00:00Z");

    @Test
    void rawHexBase64AndBundleGiveTheSameBytes() throws Exception {
        byte[] hex = (Hex.of(REPORT).toUpperCase() + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] b64 = Base64.getMimeEncoder().encode(REPORT);
        byte[] bundle = new EvidenceReader.EvidenceBundle("sev_guest", REPORT, Optional.empty()).toJson();
        for (byte[] form : List.of(REPORT, hex, b64, bundle)) {
            Evidence e = EvidenceReader.read(form, Optional.empty());
            assertEquals(Evidence.Tee.SEV_SNP, e.tee());
            assertArrayEquals(REPORT, e.bytes());
        }
        assertEquals(
                Evidence.Tee.TDX,
                EvidenceReader.read(Vectors.bytes("tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat"), Optional.empty())
                        .tee());
    }

    @Test
    void auxblobCarriesTheVcekSoTheReportVerifiesAlone() throws Exception {
        byte[] aux = CertTable.build(List.of(
                new CertTable.Entry(CertTable.VCEK, Vectors.bytes("snp/go-sev-guest/vcek.der")),
                new CertTable.Entry("11111111-2222-3333-4444-555555555555", new byte[] {9, 9}),
                new CertTable.Entry(CertTable.ASK, Vectors.bytes("roots/ask_milan.pem")),
                new CertTable.Entry(CertTable.ARK, Vectors.bytes("roots/ark_milan.pem"))));
        Evidence e = EvidenceReader.read(REPORT, Optional.of(aux));
        assertEquals(3, e.certificates().size());
        Verdict v = EvidenceVerifier.verify(e, Policy.builder().allowDebug(true).build(), AT);
        assertTrue(v.verified(), v.failures().toString());

        byte[] bundle = new EvidenceReader.EvidenceBundle("sev_guest", REPORT, Optional.of(aux)).toJson();
        assertEquals(
                3, EvidenceReader.read(bundle, Optional.empty()).certificates().size());
    }

    @Test
    void hostileCertTablesAreNamed() {
        byte[] aux = CertTable.build(List.of(new CertTable.Entry(CertTable.VCEK, new byte[] {1, 2, 3})));
        assertEquals(
                Reason.BAD_CERTIFICATE,
                assertThrows(ParseException.class, () -> EvidenceReader.read(REPORT, Optional.of(aux)))
                        .reason());
        byte[] outside = aux.clone();
        outside[16] = (byte) 0xff;
        assertEquals(
                Reason.BAD_FIELD,
                assertThrows(ParseException.class, () -> CertTable.parse(outside))
                        .reason());
        byte[] unterminated = java.util.Arrays.copyOf(aux, 24);
        assertEquals(
                Reason.BAD_FIELD,
                assertThrows(ParseException.class, () -> CertTable.parse(unterminated))
                        .reason());
        assertEquals(
                Reason.TRUNCATED,
                assertThrows(ParseException.class, () -> CertTable.parse(new byte[10]))
                        .reason());
        byte[] tdx = Vectors.bytes("tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat");
        assertEquals(
                Reason.BAD_FIELD,
                assertThrows(ParseException.class, () -> EvidenceReader.read(tdx, Optional.of(aux)))
                        .reason());
    }

    @Test
    void unknownFormatsAreNamed() {
        for (String text : List.of("", "   \n", "hello world!", "{\"format\":\"other\"}", "abc")) {
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            ParseException e = assertThrows(ParseException.class, () -> EvidenceReader.read(b, Optional.empty()));
            assertTrue(
                    List.of(Reason.UNKNOWN_FORMAT, Reason.BAD_ENCODING).contains(e.reason()), text + ": " + e.reason());
        }
        assertThrows(
                ParseException.class, () -> EvidenceReader.read(new byte[] {0, 1, 2, (byte) 0xff}, Optional.empty()));
    }
}

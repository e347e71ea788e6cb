package io.dcloud.attest.tdx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.attest.Vectors;
import io.dcloud.attest.evidence.Evidence;
import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.policy.Policy;
import io.dcloud.attest.verify.Certificates;
import io.dcloud.attest.verify.Check;
import io.dcloud.attest.verify.EvidenceVerifier;
import io.dcloud.attest.verify.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The TDX vector gives exactly the facts and verdicts of MANIFEST.md. */
class TdxVectorsTest {

    static final String QUOTE = "tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat";
    static final Instant AT = Instant.parse("2023-07-01T00:00:00Z");

    static Evidence quote() throws Exception {
        return Vectors.evidence(QUOTE);
    }

    @Test
    void facts() throws Exception {
        TdxQuote q = TdxQuoteParser.parse(Vectors.bytes(QUOTE));
        assertEquals(4, q.version());
        assertEquals(2, q.attestationKeyType());
        assertEquals(0x81, q.teeType());
        assertEquals(39, q.trailingBytes());
        byte[] all = Vectors.bytes(QUOTE);
        assertEquals(
                "\nextra bytes(only for testing purpose)\n",
                new String(Arrays.copyOfRange(all, 4935, all.length), StandardCharsets.US_ASCII));
        TdReport td = q.body();
        assertEquals("03000400000000000000000000000000", Hex.of(td.teeTcbSvn()));
        assertEquals("0000004000000000", Hex.of(td.tdAttributes()));
        assertFalse(td.debug());
        assertEquals("e71a060000000000", Hex.of(td.xfam()));
        assertEquals(
                "6363b8043668a3ad953278e10389574d326c6749fb78aa810ecd9336923db86f22fc00b8dcd404bc10d5e119d7215cbb",
                Hex.of(td.mrTd()));
        assertEquals(
                "6c62dec1b8191749a31dab490be532a35944dea47caef1f980863993d9899545eb7406a38d1eed313b987a467dacead6f0c87a6d766c66f6f29f8acb281f1113",
                Hex.of(td.reportData()));
        assertEquals(4, q.qeReport().isvSvn());

        var pck = Certificates.read(q.pckChain());
        assertEquals(
                "Intel SGX PCK Certificate",
                Certificates.commonName(pck.getFirst().getSubjectX500Principal()));
        assertEquals(
                Instant.parse("2022-09-20T00:00:00Z").getEpochSecond() / 86400,
                pck.getFirst().getNotBefore().toInstant().getEpochSecond() / 86400);
        PckExtensions ext = PckExtensions.of(pck.getFirst());
        assertEquals("50806f000000", Hex.of(ext.fmspc()));
        assertEquals(11, ext.pceSvn());
        assertArrayEquals(new int[] {3, 3, 2, 2, 2, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0}, ext.sgxTcbComponents());
    }

    @Test
    void verifiedWithoutCollateral() throws Exception {
        Verdict v = EvidenceVerifier.verify(quote(), Policy.defaults(), AT);
        assertTrue(v.verified(), v.failures().toString());
        for (String name : List.of(
                "tdx.quote.signature",
                "tdx.qe-report.signature",
                "tdx.qe-report.binding",
                "tdx.chain.root",
                "tdx.chain.intermediate",
                "tdx.chain.pck",
                "tdx.chain.validity")) {
            assertTrue(v.check(name).orElseThrow().ok(), name);
        }
        assertEquals("tdx", v.tee());
        assertEquals("50806f000000", v.claims().get("fmspc"));
        assertFalse(v.claims().containsKey("tcbStatus"));
    }

    @Test
    void collateralReportsThatNoTcbLevelMatched() throws Exception {
        Collateral c = Collateral.fromDirectory(Vectors.path("tdx/go-tdx-guest"));
        assertTrue(c.tcbInfo().isPresent());
        assertTrue(c.qeIdentity().isPresent());
        assertEquals(2, c.crls().size());
        Evidence e = new Evidence(
                Evidence.Tee.TDX, Vectors.bytes(QUOTE), List.of(), List.of(), Optional.empty(), Optional.of(c));
        Verdict v = EvidenceVerifier.verify(e, Policy.defaults(), AT);
        assertTrue(v.check("tdx.collateral.tcb-info").orElseThrow().ok());
        assertTrue(v.check("tdx.collateral.qe-identity").orElseThrow().ok());
        assertTrue(v.check("tdx.qe-identity").orElseThrow().reason().contains("UpToDate"));
        assertTrue(v.check("tdx.tdx-module").orElseThrow().ok());
        assertTrue(v.check("tdx.crl.root").orElseThrow().ok());
        assertTrue(v.check("tdx.crl.pck").orElseThrow().ok());
        assertEquals(
                List.of("tdx.tcb-level"), v.failures().stream().map(Check::name).toList());
        assertTrue(v.claims().containsKey("tcbStatus"));
        assertNull(v.claims().get("tcbStatus"));
        assertFalse(v.verified());
    }

    @Test
    void collateralOutsideItsValidityIsRejected() throws Exception {
        Collateral c = Collateral.fromDirectory(Vectors.path("tdx/go-tdx-guest"));
        Evidence e = new Evidence(
                Evidence.Tee.TDX, Vectors.bytes(QUOTE), List.of(), List.of(), Optional.empty(), Optional.of(c));
        Verdict v = EvidenceVerifier.verify(e, Policy.defaults(), Instant.parse("2024-01-01T00:00:00Z"));
        assertFalse(v.check("tdx.collateral.tcb-info").orElseThrow().ok());
        assertFalse(v.check("tdx.crl.pck").orElseThrow().ok());
    }
}

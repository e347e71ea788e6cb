package io.dcloud.attest.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.attest.Vectors;
import io.dcloud.attest.evidence.Evidence;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.policy.Policy;
import io.dcloud.attest.verify.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed collateral: the exact signed bytes, tampering, missing signer, hostile JSON. */
class CollateralTest {

    static final Path DIR = Vectors.path("tdx/go-tdx-guest");

    @Test
    void signedBytesAreTheInnerObjectAsServed() throws Exception {
        byte[] file = Vectors.bytes("tdx/go-tdx-guest/sample_qeIdentity_response");
        SignedJson j = SignedJson.parse(file, "enclaveIdentity");
        String text = new String(j.signedBytes(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"id\":\"TD_QE\""));
        assertTrue(text.endsWith("}]}"));
        assertEquals(64, j.signature().length);
    }

    @Test
    void tamperedTcbInfoFailsItsSignature(@TempDir Path dir) throws Exception {
        for (String f : List.of("sample_qeIdentity_response", "tcb_signing_chain.pem", "pckcrl", "rootcrl.der")) {
            Files.copy(DIR.resolve(f), dir.resolve(f));
        }
        String info = Files.readString(DIR.resolve("sample_tcbInfo_response"));
        Files.writeString(
                dir.resolve("tcbinfo.json"),
                info.replace("\"tcbEvaluationDataNumber\":15", "\"tcbEvaluationDataNumber\":16"));
        Verdict v = verify(Collateral.fromDirectory(dir));
        assertFalse(v.check("tdx.collateral.tcb-info").orElseThrow().ok());
        assertTrue(v.check("tdx.collateral.tcb-info").orElseThrow().reason().contains("signature does not verify"));
        assertTrue(v.check("tdx.tcb-level").isEmpty());
        assertTrue(v.check("tdx.collateral.qe-identity").orElseThrow().ok());
    }

    @Test
    void collateralWithoutItsSignerIsNamed(@TempDir Path dir) throws Exception {
        Files.copy(DIR.resolve("sample_tcbInfo_response"), dir.resolve("tcbinfo.json"));
        Verdict v = verify(Collateral.fromDirectory(dir));
        assertEquals(
                "no Intel SGX TCB Signing certificate in the collateral",
                v.check("tdx.collateral.tcb-info").orElseThrow().reason());
    }

    @Test
    void hostileJsonIsANamedParseFailure() {
        for (String s : List.of(
                "",
                "[]",
                "{\"tcbInfo\":{}}",
                "{\"tcbInfo\":{},\"signature\":\"zz\"}",
                "{\"tcbInfo\":{\"a\":",
                "{\"tcbInfo\":{}, \"signature\": 5}")) {
            assertThrows(
                    ParseException.class, () -> SignedJson.parse(s.getBytes(StandardCharsets.UTF_8), "tcbInfo"), s);
        }
    }

    static Verdict verify(Collateral c) throws Exception {
        Evidence e = new Evidence(
                Evidence.Tee.TDX,
                Vectors.bytes(TdxVectorsTest.QUOTE),
                List.of(),
                List.of(),
                Optional.empty(),
                Optional.of(c));
        return io.dcloud.attest.verify.EvidenceVerifier.verify(e, Policy.defaults(), TdxVectorsTest.AT);
    }
}

package io.dcloud.attest.tdx;

import com.fasterxml.jackson.databind.JsonNode;
import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.verify.CertificateChecks;
import io.dcloud.attest.verify.Certificates;
import io.dcloud.attest.verify.Check;
import io.dcloud.attest.verify.Signatures;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks TDX collateral (TCB info and QE identity signed by the Intel SGX TCB Signing key) and finds
 * the TCB level of this platform, following Intel's DCAP appraisal: the first level whose SGX
 * components and PCESVN (from the PCK) and TDX components (TEE_TCB_SVN) are all reached.
 */
final class TcbEvaluation {

    private TcbEvaluation() {}

    static Optional<String> evaluate(
            TdxQuote quote,
            PckExtensions pck,
            Collateral collateral,
            X509Certificate root,
            Instant at,
            List<Check> checks) {
        Optional<String> status = Optional.empty();
        if (collateral.tcbInfo().isPresent()) {
            SignedJson info = collateral.tcbInfo().get();
            if (signed("tdx.collateral.tcb-info", info, collateral, root, at, checks)) {
                JsonNode body = info.body();
                String fmspc = body.path("fmspc").asText();
                if (!fmspc.equalsIgnoreCase(Hex.of(pck.fmspc()))) {
                    checks.add(Check.fail(
                            "tdx.tcb-level", "TCB info is for FMSPC " + fmspc + ", the PCK is " + Hex.of(pck.fmspc())));
                } else {
                    tdxModule(body.path("tdxModule"), quote.body()).ifPresent(checks::add);
                    status = level(body, pck, quote.body().teeTcbSvn());
                    checks.add(
                            status.isPresent()
                                    ? Check.pass("tdx.tcb-level", "platform TCB level status " + status.get())
                                    : Check.fail(
                                            "tdx.tcb-level",
                                            "no TCB level of the TCB info matches this platform (PCK SGX SVNs "
                                                    + Arrays.toString(pck.sgxTcbComponents()) + ", PCESVN "
                                                    + pck.pceSvn()
                                                    + ", TEE_TCB_SVN "
                                                    + Hex.of(quote.body().teeTcbSvn()) + ")"));
                }
            }
        }
        if (collateral.qeIdentity().isPresent()) {
            SignedJson id = collateral.qeIdentity().get();
            if (signed("tdx.collateral.qe-identity", id, collateral, root, at, checks)) {
                checks.add(qeIdentity(id.body(), quote.qeReport()));
            }
        }
        return status;
    }

    private static boolean signed(
            String name, SignedJson json, Collateral collateral, X509Certificate root, Instant at, List<Check> checks) {
        Optional<X509Certificate> signer = collateral.certificates().stream()
                .filter(c ->
                        Certificates.commonName(c.getSubjectX500Principal()).equals("Intel SGX TCB Signing"))
                .findFirst();
        if (signer.isEmpty()) {
            checks.add(Check.fail(name, "no Intel SGX TCB Signing certificate in the collateral"));
            return false;
        }
        Check chain = TdxVerifier.signedBy(name, signer.get(), root);
        Check validity = CertificateChecks.validity(name, List.of(signer.get(), root), at);
        boolean sigOk = Signatures.ecdsa(
                "SHA256withECDSA",
                signer.get().getPublicKey(),
                json.signedBytes(),
                Arrays.copyOfRange(json.signature(), 0, Math.min(32, json.signature().length)),
                Arrays.copyOfRange(json.signature(), Math.min(32, json.signature().length), json.signature().length));
        Optional<String> fresh = freshness(json.body(), at);
        if (!chain.ok() || !validity.ok()) {
            checks.add(chain.ok() ? validity : chain);
            return false;
        }
        if (!sigOk) {
            checks.add(Check.fail(name, json.field() + " signature does not verify with the TCB signing key"));
            return false;
        }
        if (fresh.isPresent()) {
            checks.add(Check.fail(name, fresh.get()));
            return false;
        }
        checks.add(Check.pass(name, json.field() + " is signed by Intel SGX TCB Signing and current at " + at));
        return true;
    }

    /** The TDX module identity of TCB info v3: MRSIGNERSEAM and the masked SEAM attributes. */
    private static Optional<Check> tdxModule(JsonNode module, TdReport td) {
        if (module.isMissingNode()) {
            return Optional.empty();
        }
        if (!module.path("mrsigner").asText().equalsIgnoreCase(Hex.of(td.mrSignerSeam()))) {
            return Optional.of(Check.fail(
                    "tdx.tdx-module", "MRSIGNERSEAM " + Hex.of(td.mrSignerSeam()) + " is not the TDX module signer"));
        }
        if (!masked(
                td.seamAttributes(),
                module.path("attributes").asText(),
                module.path("attributesMask").asText())) {
            return Optional.of(Check.fail("tdx.tdx-module", "SEAM attributes do not match the TCB info"));
        }
        return Optional.of(Check.pass("tdx.tdx-module", "TDX module signer and attributes match the TCB info"));
    }

    private static Optional<String> freshness(JsonNode body, Instant at) {
        try {
            Instant issued = Instant.parse(body.path("issueDate").asText());
            Instant next = Instant.parse(body.path("nextUpdate").asText());
            if (at.isBefore(issued) || at.isAfter(next)) {
                return Optional.of("collateral is valid " + issued + " to " + next + ", not at " + at);
            }
            return Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.of("collateral has no readable issueDate/nextUpdate");
        }
    }

    private static Optional<String> level(JsonNode info, PckExtensions pck, byte[] teeTcbSvn) {
        for (JsonNode level : info.path("tcbLevels")) {
            JsonNode tcb = level.path("tcb");
            if (reached(tcb.path("sgxtcbcomponents"), pck.sgxTcbComponents())
                    && pck.pceSvn() >= tcb.path("pcesvn").asInt(Integer.MAX_VALUE)
                    && reached(tcb.path("tdxtcbcomponents"), unsigned(teeTcbSvn))) {
                return Optional.of(level.path("tcbStatus").asText());
            }
        }
        return Optional.empty();
    }

    private static boolean reached(JsonNode components, int[] actual) {
        if (!components.isArray() || components.size() != actual.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < components.get(i).path("svn").asInt(Integer.MAX_VALUE)) {
                return false;
            }
        }
        return true;
    }

    private static Check qeIdentity(JsonNode id, QeReport qe) {
        if (!id.path("mrsigner").asText().equalsIgnoreCase(Hex.of(qe.mrSigner()))) {
            return Check.fail("tdx.qe-identity", "QE MRSIGNER " + Hex.of(qe.mrSigner()) + " is not Intel's");
        }
        long miscMask = Long.parseLong(id.path("miscselectMask").asText("0"), 16);
        long misc = Long.parseLong(id.path("miscselect").asText("0"), 16);
        if ((qe.miscSelect() & miscMask) != (misc & miscMask)) {
            return Check.fail("tdx.qe-identity", "QE MISCSELECT does not match the QE identity");
        }
        if (!masked(
                qe.attributes(),
                id.path("attributes").asText(),
                id.path("attributesMask").asText())) {
            return Check.fail("tdx.qe-identity", "QE ATTRIBUTES do not match the QE identity");
        }
        if (id.path("isvprodid").asInt(-1) != qe.isvProdId()) {
            return Check.fail("tdx.qe-identity", "QE ISVPRODID " + qe.isvProdId() + " is not the TD quoting enclave");
        }
        for (JsonNode level : id.path("tcbLevels")) {
            if (qe.isvSvn() >= level.path("tcb").path("isvsvn").asInt(Integer.MAX_VALUE)) {
                String status = level.path("tcbStatus").asText();
                return "UpToDate".equals(status)
                        ? Check.pass("tdx.qe-identity", "QE ISVSVN " + qe.isvSvn() + " status UpToDate")
                        : Check.fail("tdx.qe-identity", "QE ISVSVN " + qe.isvSvn() + " status " + status);
            }
        }
        return Check.fail("tdx.qe-identity", "QE ISVSVN " + qe.isvSvn() + " is below every QE identity level");
    }

    /** (actual AND mask) == (expected AND mask), byte by byte; unreadable hex never matches. */
    private static boolean masked(byte[] actual, String expectedHex, String maskHex) {
        try {
            byte[] expected = Hex.parse(expectedHex, "attributes");
            byte[] mask = Hex.parse(maskHex, "attributesMask");
            if (expected.length != actual.length || mask.length != actual.length) {
                return false;
            }
            for (int i = 0; i < actual.length; i++) {
                if ((actual[i] & mask[i]) != (expected[i] & mask[i])) {
                    return false;
                }
            }
            return true;
        } catch (io.dcloud.attest.parse.ParseException e) {
            return false;
        }
    }

    private static int[] unsigned(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xff;
        }
        return out;
    }
}

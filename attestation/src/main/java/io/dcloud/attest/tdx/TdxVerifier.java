package io.dcloud.attest.tdx;

import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.verify.CertificateChecks;
import io.dcloud.attest.verify.Certificates;
import io.dcloud.attest.verify.Check;
import io.dcloud.attest.verify.Signatures;
import io.dcloud.attest.verify.TrustRoots;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks a TDX quote: attestation-key signature, QE report signed by the PCK key and binding the
 * attestation key, PCK chain to the pinned Intel SGX Root CA, CRLs, and (with collateral) the TCB
 * status from signed TCB info and QE identity. Policy is not its business.
 */
public final class TdxVerifier {

    private TdxVerifier() {}

    /** The checks that ran, the PCK's FMSPC when readable, and the TCB status when collateral matched. */
    public record Result(List<Check> checks, Optional<byte[]> fmspc, Optional<String> tcbStatus) {}

    public static Result verify(
            TdxQuote quote,
            List<X509Certificate> extraCerts,
            List<X509CRL> givenCrls,
            Optional<Collateral> collateral,
            Instant at) {
        List<Check> checks = new ArrayList<>();
        checks.add(quoteSignature(quote));
        checks.add(binding(quote));
        List<X509Certificate> chain;
        try {
            chain = Certificates.read(quote.pckChain());
        } catch (ParseException e) {
            checks.add(Check.fail("tdx.chain.pck", "PCK chain in the quote is unreadable: " + e.getMessage()));
            return new Result(checks, Optional.empty(), Optional.empty());
        }
        X509Certificate root = TrustRoots.intelSgxRoot();
        X509Certificate pck = chain.getFirst();
        Optional<X509Certificate> intermediate = chain.stream()
                .filter(c -> c.getSubjectX500Principal().equals(pck.getIssuerX500Principal()))
                .filter(c -> !Certificates.selfIssued(c))
                .findFirst()
                .or(() -> extraCerts.stream()
                        .filter(c -> c.getSubjectX500Principal().equals(pck.getIssuerX500Principal()))
                        .findFirst());
        checks.add(rootCheck("tdx.chain.root", chain, root));
        checks.add(qeReportSignature(quote, pck));
        if (intermediate.isEmpty()) {
            checks.add(Check.fail("tdx.chain.intermediate", "no issuer of the PCK certificate was given"));
            return new Result(checks, Optional.empty(), Optional.empty());
        }
        X509Certificate ca = intermediate.get();
        checks.add(signedBy("tdx.chain.intermediate", ca, root));
        checks.add(signedBy("tdx.chain.pck", pck, ca));
        checks.add(CertificateChecks.validity("tdx.chain.validity", List.of(pck, ca, root), at));
        List<X509CRL> crls = new ArrayList<>(givenCrls);
        collateral.ifPresent(c -> crls.addAll(c.crls()));
        checks.addAll(revocation(crls, root, ca, pck, at));
        PckExtensions ext;
        try {
            ext = PckExtensions.of(pck);
        } catch (ParseException e) {
            checks.add(Check.fail("tdx.pck.extensions", e.getMessage()));
            return new Result(checks, Optional.empty(), Optional.empty());
        }
        Optional<String> status = Optional.empty();
        if (collateral.isPresent()) {
            status = TcbEvaluation.evaluate(quote, ext, collateral.get(), root, at, checks);
        }
        return new Result(checks, Optional.of(ext.fmspc()), status);
    }

    /**
     * The root CRL (revoking PCK CAs) and the PCK CRL (revoking PCKs) are fetched separately, so each check
     * runs only when a CRL of its issuer was given: a tenant who has only one is not failed for the other.
     * CRLs that name neither issuer run and fail both, so a mistaken CRL is not silently ignored.
     */
    static List<Check> revocation(
            List<X509CRL> crls, X509Certificate root, X509Certificate ca, X509Certificate pck, Instant at) {
        if (crls.isEmpty()) {
            return List.of();
        }
        boolean rootCrl = crls.stream().anyMatch(c -> issuedBy(c, root));
        boolean pckCrl = crls.stream().anyMatch(c -> issuedBy(c, ca));
        boolean neither = !rootCrl && !pckCrl;
        List<Check> checks = new ArrayList<>();
        if (rootCrl || neither) {
            checks.add(CertificateChecks.revocation("tdx.crl.root", crls, root, List.of(ca), at));
        }
        if (pckCrl || neither) {
            checks.add(CertificateChecks.revocation("tdx.crl.pck", crls, ca, List.of(pck), at));
        }
        return checks;
    }

    private static boolean issuedBy(X509CRL crl, X509Certificate issuer) {
        return crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
    }

    static Check qeReportSignature(TdxQuote quote, X509Certificate pck) {
        return Signatures.ecdsa(
                        "SHA256withECDSA",
                        pck.getPublicKey(),
                        quote.qeReport().raw(),
                        Arrays.copyOfRange(quote.qeReportSignature(), 0, 32),
                        Arrays.copyOfRange(quote.qeReportSignature(), 32, 64))
                ? Check.pass("tdx.qe-report.signature", "QE report is signed by the PCK key")
                : Check.fail("tdx.qe-report.signature", "QE report signature does not verify with the PCK key");
    }

    static Check quoteSignature(TdxQuote quote) {
        Optional<PublicKey> key = p256(quote.attestationKey());
        boolean ok = key.isPresent()
                && Signatures.ecdsa(
                        "SHA256withECDSA",
                        key.get(),
                        quote.signedBytes(),
                        Arrays.copyOfRange(quote.signature(), 0, 32),
                        Arrays.copyOfRange(quote.signature(), 32, 64));
        return ok
                ? Check.pass("tdx.quote.signature", "ECDSA P-256 signature over header and TD report is valid")
                : Check.fail("tdx.quote.signature", "quote signature does not verify with the attestation key");
    }

    /** QE REPORT_DATA = SHA-256(attestation key || QE auth data) followed by 32 zero bytes. */
    private static Check binding(TdxQuote quote) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(quote.attestationKey());
            sha.update(quote.qeAuthData());
            byte[] expected = Arrays.copyOf(sha.digest(), 64);
            return MessageDigest.isEqual(expected, quote.qeReport().reportData())
                    ? Check.pass("tdx.qe-report.binding", "QE report data binds the attestation key and auth data")
                    : Check.fail(
                            "tdx.qe-report.binding",
                            "QE report data " + Hex.of(quote.qeReport().reportData())
                                    + " does not bind the attestation key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Check rootCheck(String name, List<X509Certificate> chain, X509Certificate root) {
        Optional<X509Certificate> foreign = chain.stream()
                .filter(Certificates::selfIssued)
                .filter(c -> !Certificates.fingerprint(c).equals(TrustRoots.INTEL_SGX_ROOT_SHA256))
                .findFirst();
        return foreign.isPresent()
                ? Check.fail(
                        name,
                        "root " + foreign.get().getSubjectX500Principal() + " (sha256 "
                                + Certificates.fingerprint(foreign.get()) + ") is not the pinned Intel SGX Root CA")
                : Check.pass(name, "pinned Intel SGX Root CA sha256 " + TrustRoots.INTEL_SGX_ROOT_SHA256);
    }

    static Check signedBy(String name, X509Certificate cert, X509Certificate issuer) {
        Optional<String> problem = Signatures.certificateProblem(cert, issuer.getPublicKey());
        String subject = Certificates.commonName(cert.getSubjectX500Principal());
        String by = Certificates.commonName(issuer.getSubjectX500Principal());
        return problem.isEmpty()
                ? Check.pass(name, subject + " is signed by " + by)
                : Check.fail(name, subject + " is not signed by " + by + ": " + problem.get());
    }

    /** An uncompressed P-256 point given as x || y (32 bytes each). */
    static Optional<PublicKey> p256(byte[] xy) {
        try {
            var params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
            ECPoint point = new ECPoint(
                    new BigInteger(1, Arrays.copyOfRange(xy, 0, 32)),
                    new BigInteger(1, Arrays.copyOfRange(xy, 32, 64)));
            return Optional.of(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec)));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

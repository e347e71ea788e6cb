package io.dcloud.attest.snp;

import io.dcloud.attest.kds.VcekExtensions;
import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.verify.CertificateChecks;
import io.dcloud.attest.verify.Certificates;
import io.dcloud.attest.verify.Check;
import io.dcloud.attest.verify.Signatures;
import io.dcloud.attest.verify.TrustRoots;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks that an SEV-SNP report was signed by a VCEK or VLEK whose chain ends in the pinned ARK of the
 * report's product, and that the key was issued for this chip (hwID) at this TCB. Policy is not its
 * business (see {@link io.dcloud.attest.policy.SnpValidator}).
 */
public final class SnpVerifier {

    /** Turin VCEKs carry only the first 8 bytes of CHIP_ID as their hwID. */
    private static final int TURIN_HWID_LENGTH = 8;

    private SnpVerifier() {}

    /** What verification found: the product it settled on (if any) and every check it ran. */
    public record Result(Optional<Product> product, List<Check> checks) {}

    public static Result verify(
            SnpReport report,
            List<X509Certificate> certs,
            Optional<Product> productOverride,
            Instant at,
            List<X509CRL> crls) {
        List<Check> checks = new ArrayList<>();
        if (report.signingKey() == SigningKey.NONE) {
            checks.add(Check.fail("snp.signing-key", "the report is unsigned (signing key selector NONE)"));
            return new Result(Optional.empty(), checks);
        }
        String keyName = report.signingKey() == SigningKey.VCEK ? "SEV-VCEK" : "SEV-VLEK";
        // Several keys may travel together (e.g. a cache of VCEKs): prefer the one issued for this chip.
        List<X509Certificate> candidates = certs.stream()
                .filter(c ->
                        Certificates.commonName(c.getSubjectX500Principal()).equals(keyName))
                .toList();
        Optional<X509Certificate> endorsement = candidates.stream()
                .filter(c -> forThisChip(report, c))
                .findFirst()
                .or(() -> candidates.stream().findFirst());
        Optional<Product> product = product(report, endorsement, productOverride, checks);
        if (endorsement.isEmpty()) {
            checks.add(Check.fail(
                    "snp.endorsement-key",
                    "no " + report.signingKey() + " certificate given (pass it with --cert, an auxblob, or --online)"));
            return new Result(product, checks);
        }
        X509Certificate key = endorsement.get();
        checks.add(Check.pass("snp.endorsement-key", report.signingKey() + " " + key.getSubjectX500Principal()));
        checks.add(signature(report, key));
        extensions(report, key, product, checks);
        product.ifPresent(p -> checks.addAll(chain(report.signingKey(), key, certs, p, at, crls)));
        return new Result(product, checks);
    }

    private static Optional<Product> product(
            SnpReport report, Optional<X509Certificate> key, Optional<Product> override, List<Check> checks) {
        Optional<Product> fromCpuid = report.cpuid().flatMap(c -> Product.fromCpuid(c.family(), c.model()));
        Optional<Product> fromCert = key.flatMap(SnpVerifier::productOfCertificate);
        if (override.isPresent()) {
            Optional<Product> other = fromCpuid.or(() -> fromCert);
            if (other.isPresent() && other.get() != override.get()) {
                checks.add(Check.fail(
                        "snp.product",
                        "--product " + override.get().displayName() + " contradicts the evidence ("
                                + other.get().displayName() + ")"));
                return Optional.empty();
            }
            checks.add(Check.pass("snp.product", override.get().displayName() + " (given)"));
            return override;
        }
        if (fromCpuid.isPresent()) {
            if (fromCert.isPresent() && fromCert.get() != fromCpuid.get()) {
                checks.add(Check.fail(
                        "snp.product",
                        "report CPUID says " + fromCpuid.get().displayName() + " but the certificate says "
                                + fromCert.get().displayName()));
                return Optional.empty();
            }
            checks.add(Check.pass("snp.product", fromCpuid.get().displayName() + " (from the report's CPUID)"));
            return fromCpuid;
        }
        if (fromCert.isPresent()) {
            checks.add(Check.pass("snp.product", fromCert.get().displayName() + " (from the VCEK)"));
            return fromCert;
        }
        checks.add(
                Check.fail("snp.product", "cannot tell the product: version 2 report without a VCEK; pass --product"));
        return Optional.empty();
    }

    private static Optional<Product> productOfCertificate(X509Certificate key) {
        try {
            Optional<Product> named = VcekExtensions.of(key).productName().flatMap(Product::fromName);
            if (named.isPresent()) {
                return named;
            }
        } catch (ParseException e) {
            // Fall back to the issuer's name below; the extension error is reported by the TCB check.
        }
        String issuer = Certificates.commonName(key.getIssuerX500Principal());
        return Product.fromName(issuer.substring(issuer.lastIndexOf('-') + 1));
    }

    static Check signature(SnpReport report, X509Certificate key) {
        // r and s are 72-byte little-endian fields; P-384 uses the low 48 bytes.
        boolean ok = Signatures.ecdsa(
                "SHA384withECDSA",
                key.getPublicKey(),
                report.signedBytes(),
                Signatures.reverse(report.signatureR()),
                Signatures.reverse(report.signatureS()));
        return ok
                ? Check.pass("snp.signature", "ECDSA P-384 signature over bytes 0x000-0x29f is valid")
                : Check.fail(
                        "snp.signature", "ECDSA P-384 signature does not verify with the given " + report.signingKey());
    }

    private static void extensions(
            SnpReport report, X509Certificate key, Optional<Product> product, List<Check> checks) {
        VcekExtensions ext;
        try {
            ext = VcekExtensions.of(key);
        } catch (ParseException e) {
            checks.add(Check.fail("snp.endorsement-key.tcb", e.getMessage()));
            return;
        }
        product.ifPresent(p -> checks.add(tcb(report, ext, p)));
        if (report.signingKey() == SigningKey.VCEK) {
            checks.add(hwId(report, ext));
        }
    }

    /** The key was derived for exactly REPORTED_TCB, read in the product's layout (Turin has FMC). */
    static Check tcb(SnpReport report, VcekExtensions ext, Product product) {
        Tcb reported = Tcb.decode(report.reportedTcb(), product);
        return ext.tcb().equals(reported)
                ? Check.pass("snp.endorsement-key.tcb", "key TCB equals REPORTED_TCB (" + reported + ")")
                : Check.fail(
                        "snp.endorsement-key.tcb", "key TCB " + ext.tcb() + " differs from REPORTED_TCB " + reported);
    }

    private static boolean forThisChip(SnpReport report, X509Certificate key) {
        try {
            return hwId(report, VcekExtensions.of(key)).ok();
        } catch (ParseException e) {
            return false;
        }
    }

    /**
     * The VCEK was issued for this chip: its hwID is the 64-byte CHIP_ID (Milan, Genoa) or, on Turin, the
     * first 8 bytes of it. Any other length, in particular an empty extension, would match a prefix of
     * every chip and is refused.
     */
    static Check hwId(SnpReport report, VcekExtensions ext) {
        if (ext.hwId().isEmpty()) {
            return Check.fail("snp.endorsement-key.hwid", "VCEK has no hwID extension");
        }
        byte[] hwId = ext.hwId().get();
        if (hwId.length == 0) {
            return Check.fail("snp.endorsement-key.hwid", "VCEK hwID extension is empty");
        }
        if (hwId.length != TURIN_HWID_LENGTH && hwId.length != report.chipId().length) {
            return Check.fail(
                    "snp.endorsement-key.hwid",
                    "VCEK hwID has " + hwId.length + " bytes; expected " + report.chipId().length + " or "
                            + TURIN_HWID_LENGTH + " (Turin)");
        }
        byte[] chip = Arrays.copyOf(report.chipId(), hwId.length);
        return Arrays.equals(hwId, chip)
                ? Check.pass("snp.endorsement-key.hwid", "VCEK hwID equals CHIP_ID")
                : Check.fail(
                        "snp.endorsement-key.hwid",
                        "VCEK hwID " + Hex.of(hwId) + " differs from CHIP_ID " + Hex.of(report.chipId()));
    }

    /**
     * Checks the chain from a VCEK or VLEK through the ASK or ASVK (given, or bundled for VCEKs) to the
     * pinned ARK of {@code product}, validity at {@code at}, and revocation when CRLs are given.
     */
    public static List<Check> chain(
            SigningKey signingKey,
            X509Certificate key,
            List<X509Certificate> certs,
            Product product,
            Instant at,
            List<X509CRL> crls) {
        List<Check> checks = new ArrayList<>();
        X509Certificate ark = TrustRoots.ark(product);
        String pin = TrustRoots.ARK_SHA256.get(product);
        Optional<X509Certificate> foreignRoot = certs.stream()
                .filter(Certificates::selfIssued)
                .filter(c -> !Certificates.fingerprint(c).equals(pin))
                .findFirst();
        if (foreignRoot.isPresent()) {
            checks.add(Check.fail(
                    "snp.chain.ark",
                    "root " + foreignRoot.get().getSubjectX500Principal() + " (sha256 "
                            + Certificates.fingerprint(foreignRoot.get()) + ") is not the pinned ARK of "
                            + product.displayName()));
        } else {
            checks.add(Check.pass("snp.chain.ark", "pinned ARK-" + product.displayName() + " sha256 " + pin));
        }
        Optional<X509Certificate> given = certs.stream()
                .filter(c -> !Certificates.selfIssued(c))
                .filter(c -> c.getSubjectX500Principal().equals(key.getIssuerX500Principal()))
                .findFirst();
        String intermediateName = signingKey == SigningKey.VCEK ? "ASK" : "ASVK";
        // Only the ASK is bundled: it signs VCEKs, never VLEKs, so a VLEK needs its ASVK given.
        if (given.isEmpty() && signingKey == SigningKey.VLEK) {
            checks.add(Check.fail(
                    "snp.chain.intermediate",
                    "no ASVK given for the VLEK (AMD KDS /vlek/v1/" + product.displayName()
                            + "/cert_chain; pass it with --cert or --online)"));
            return checks;
        }
        X509Certificate intermediate = given.orElseGet(() -> TrustRoots.ask(product));
        Optional<String> problem = Signatures.certificateProblem(intermediate, ark.getPublicKey());
        checks.add(
                problem.isEmpty()
                        ? Check.pass(
                                "snp.chain.intermediate",
                                intermediateName + " is signed by ARK-" + product.displayName())
                        : Check.fail(
                                "snp.chain.intermediate",
                                intermediateName + " " + intermediate.getSubjectX500Principal()
                                        + " is not signed by ARK-" + product.displayName() + ": " + problem.get()));
        problem = Signatures.certificateProblem(key, intermediate.getPublicKey());
        checks.add(
                problem.isEmpty()
                        ? Check.pass("snp.chain.endorsement-key", signingKey + " is signed by " + intermediateName)
                        : Check.fail(
                                "snp.chain.endorsement-key",
                                signingKey + " is not signed by " + intermediateName + " "
                                        + intermediate.getSubjectX500Principal() + ": " + problem.get()));
        checks.add(CertificateChecks.validity("snp.chain.validity", List.of(key, intermediate, ark), at));
        if (!crls.isEmpty()) {
            checks.add(CertificateChecks.revocation("snp.crl", crls, ark, List.of(intermediate, key), at));
        }
        return checks;
    }
}

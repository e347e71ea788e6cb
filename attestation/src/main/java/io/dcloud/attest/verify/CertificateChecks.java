package io.dcloud.attest.verify;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Validity and revocation checks shared by the SNP and TDX chains. */
public final class CertificateChecks {

    private CertificateChecks() {}

    /** Every certificate of a chain must be valid at {@code at}; shared with TDX. */
    public static Check validity(String name, List<X509Certificate> chain, Instant at) {
        for (X509Certificate c : chain) {
            try {
                c.checkValidity(Date.from(at));
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                return Check.fail(
                        name,
                        Certificates.commonName(c.getSubjectX500Principal()) + " is not valid at " + at + " (valid "
                                + c.getNotBefore().toInstant() + " to "
                                + c.getNotAfter().toInstant() + ")");
            }
        }
        return Check.pass(name, "every certificate is valid at " + at);
    }

    /** The CRL of {@code issuer} must be current, signed by it, and list none of {@code certs}. */
    public static Check revocation(
            String name, List<X509CRL> crls, X509Certificate issuer, List<X509Certificate> certs, Instant at) {
        for (X509CRL crl : crls) {
            if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                continue;
            }
            if (crl.getNextUpdate() != null && at.isAfter(crl.getNextUpdate().toInstant())) {
                return Check.fail(
                        name,
                        "CRL of " + crl.getIssuerX500Principal() + " expired at "
                                + crl.getNextUpdate().toInstant());
            }
            try {
                crl.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException | RuntimeException e) {
                return Check.fail(name, "CRL of " + crl.getIssuerX500Principal() + " has a bad signature");
            }
            for (X509Certificate c : certs) {
                if (crl.isRevoked(c)) {
                    return Check.fail(name, Certificates.commonName(c.getSubjectX500Principal()) + " is revoked");
                }
            }
            return Check.pass(
                    name, "not revoked by the CRL of " + Certificates.commonName(issuer.getSubjectX500Principal()));
        }
        return Check.fail(name, "no given CRL is issued by " + issuer.getSubjectX500Principal());
    }
}

package io.dcloud.attest.evidence;

import io.dcloud.attest.snp.Product;
import io.dcloud.attest.tdx.Collateral;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a verifier is handed: the report or quote bytes, the certificates that came with them (any
 * order), optional CRLs, an optional product hint (SNP) and optional TDX collateral.
 */
public record Evidence(
        Tee tee,
        byte[] bytes,
        List<X509Certificate> certificates,
        List<X509CRL> crls,
        Optional<Product> product,
        Optional<Collateral> collateral) {

    /** The kind of trusted execution environment that produced the evidence. */
    public enum Tee {
        SEV_SNP("sev-snp"),
        TDX("tdx");

        private final String label;

        Tee(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Evidence {
        bytes = bytes.clone();
        certificates = List.copyOf(certificates);
        crls = List.copyOf(crls);
    }

    /** A copy: evidence is a value. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public Evidence withCertificates(List<X509Certificate> more) {
        List<X509Certificate> all = new ArrayList<>(certificates);
        all.addAll(more);
        return new Evidence(tee, bytes, all, crls, product, collateral);
    }
}

package io.dcloud.attest.verify;

import io.dcloud.attest.snp.Product;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;

/**
 * The roots every chain must end in, pinned by the SHA-256 of their DER encoding. The certificates
 * themselves are bundled (from virtee/sev and go-tdx-guest) and checked against these pins when loaded,
 * so a changed resource cannot move trust.
 */
public final class TrustRoots {

    /** AMD Root Keys, one per product generation. */
    public static final Map<Product, String> ARK_SHA256 = Map.of(
            Product.MILAN, "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd",
            Product.GENOA, "4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1",
            Product.TURIN, "1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a");

    /** Intel SGX Root CA, the root of PCK and TCB signing chains for SGX and TDX. */
    public static final String INTEL_SGX_ROOT_SHA256 =
            "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

    private TrustRoots() {}

    public static X509Certificate ark(Product product) {
        return pinned("ark_" + product.name().toLowerCase(Locale.ROOT) + ".pem", ARK_SHA256.get(product));
    }

    /**
     * The AMD SEV Key (intermediate for VCEKs) shipped with the module; it is trusted only because it
     * must verify under the pinned ARK.
     */
    public static X509Certificate ask(Product product) {
        return Certificates.resource("ask_" + product.name().toLowerCase(Locale.ROOT) + ".pem");
    }

    public static X509Certificate intelSgxRoot() {
        return pinned("intel_sgx_root_ca.pem", INTEL_SGX_ROOT_SHA256);
    }

    private static X509Certificate pinned(String resource, String sha256) {
        X509Certificate cert = Certificates.resource(resource);
        if (!Certificates.fingerprint(cert).equals(sha256)) {
            throw new IllegalStateException("bundled root " + resource + " does not match its pinned fingerprint");
        }
        return cert;
    }
}

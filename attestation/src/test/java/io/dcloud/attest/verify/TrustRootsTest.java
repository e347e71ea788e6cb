package io.dcloud.attest.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.attest.snp.Product;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every bundled root loads under its pin, and every bundled ASK is signed by its own ARK only. */
class TrustRootsTest {

    @Test
    void everyPinnedArkLoadsAndSignsItsBundledAsk() {
        assertEquals(Product.values().length, TrustRoots.ARK_SHA256.size());
        for (Product product : Product.values()) {
            X509Certificate ark = TrustRoots.ark(product);
            assertEquals(TrustRoots.ARK_SHA256.get(product), Certificates.fingerprint(ark), product.displayName());
            assertEquals("ARK-" + product.displayName(), Certificates.commonName(ark.getSubjectX500Principal()));
            assertTrue(Certificates.selfIssued(ark), product.displayName());
            assertEquals(
                    Optional.empty(),
                    Signatures.certificateProblem(ark, ark.getPublicKey()),
                    product.displayName() + " ARK is self-signed");

            X509Certificate ask = TrustRoots.ask(product);
            assertEquals("SEV-" + product.displayName(), Certificates.commonName(ask.getSubjectX500Principal()));
            assertEquals(ark.getSubjectX500Principal(), ask.getIssuerX500Principal());
            assertEquals(
                    Optional.empty(),
                    Signatures.certificateProblem(ask, ark.getPublicKey()),
                    product.displayName() + " ASK under its ARK");
        }
    }

    @Test
    void noBundledAskVerifiesUnderAnotherProductsArk() {
        for (Product askProduct : Product.values()) {
            for (Product arkProduct : Product.values()) {
                if (askProduct != arkProduct) {
                    assertTrue(
                            Signatures.certificateProblem(
                                            TrustRoots.ask(askProduct),
                                            TrustRoots.ark(arkProduct).getPublicKey())
                                    .isPresent(),
                            askProduct.displayName() + " ASK under ARK-" + arkProduct.displayName());
                }
            }
        }
    }

    @Test
    void theIntelRootLoadsUnderItsPin() {
        X509Certificate root = TrustRoots.intelSgxRoot();
        assertEquals(TrustRoots.INTEL_SGX_ROOT_SHA256, Certificates.fingerprint(root));
        assertEquals("Intel SGX Root CA", Certificates.commonName(root.getSubjectX500Principal()));
    }
}

package io.dcloud.attest.verify;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;

/** ECDSA checks over raw (r, s) pairs as AMD and Intel encode them. */
public final class Signatures {

    private Signatures() {}

    /** Verifies with r and s given as unsigned big-endian integers. */
    public static boolean ecdsa(String algorithm, PublicKey key, byte[] signed, byte[] rBigEndian, byte[] sBigEndian) {
        try {
            byte[] der = new DERSequence(new ASN1Encodable[] {
                        new ASN1Integer(new BigInteger(1, rBigEndian)), new ASN1Integer(new BigInteger(1, sBigEndian))
                    })
                    .getEncoded();
            Signature sig = Signature.getInstance(algorithm);
            sig.initVerify(key);
            sig.update(signed);
            return sig.verify(der);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return false;
        }
    }

    public static byte[] reverse(byte[] littleEndian) {
        byte[] out = new byte[littleEndian.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = littleEndian[littleEndian.length - 1 - i];
        }
        return out;
    }

    /** Why {@code cert} was not signed by {@code issuerKey}, or empty when it was. */
    public static Optional<String> certificateProblem(X509Certificate cert, PublicKey issuerKey) {
        try {
            cert.verify(issuerKey);
            return Optional.empty();
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}

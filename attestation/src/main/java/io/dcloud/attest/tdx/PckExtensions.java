package io.dcloud.attest.tdx;

import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.parse.ParseException.Reason;
import java.io.IOException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * The Intel SGX extensions of a PCK certificate (OID 1.2.840.113741.1.13.1): the platform's FMSPC and
 * the TCB it was certified at (16 CPU SVN components and the PCE SVN).
 */
public record PckExtensions(byte[] fmspc, int[] sgxTcbComponents, int pceSvn) {

    private static final String SGX = "1.2.840.113741.1.13.1";

    public static PckExtensions of(X509Certificate pck) throws ParseException {
        byte[] ext = pck.getExtensionValue(SGX);
        if (ext == null) {
            throw new ParseException(Reason.BAD_CERTIFICATE, "PCK certificate lacks the SGX extension " + SGX);
        }
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
            byte[] fmspc = null;
            int[] comps = new int[16];
            int pceSvn = -1;
            for (ASN1Encodable e : seq) {
                ASN1Sequence pair = ASN1Sequence.getInstance(e);
                String oid =
                        ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
                if (oid.equals(SGX + ".4")) {
                    fmspc = ASN1OctetString.getInstance(pair.getObjectAt(1)).getOctets();
                } else if (oid.equals(SGX + ".2")) {
                    for (ASN1Encodable t : ASN1Sequence.getInstance(pair.getObjectAt(1))) {
                        ASN1Sequence tp = ASN1Sequence.getInstance(t);
                        String toid = ASN1ObjectIdentifier.getInstance(tp.getObjectAt(0))
                                .getId();
                        int n = Integer.parseInt(toid.substring(toid.lastIndexOf('.') + 1));
                        if (n >= 1 && n <= 16) {
                            comps[n - 1] =
                                    ASN1Integer.getInstance(tp.getObjectAt(1)).intValueExact();
                        } else if (n == 17) {
                            pceSvn = ASN1Integer.getInstance(tp.getObjectAt(1)).intValueExact();
                        }
                    }
                }
            }
            if (fmspc == null || pceSvn < 0) {
                throw new ParseException(Reason.BAD_CERTIFICATE, "PCK SGX extension lacks FMSPC or PCESVN");
            }
            return new PckExtensions(fmspc, comps, pceSvn);
        } catch (IOException | RuntimeException e) {
            throw new ParseException(Reason.BAD_CERTIFICATE, "PCK SGX extension is malformed: " + e.getMessage());
        }
    }
}

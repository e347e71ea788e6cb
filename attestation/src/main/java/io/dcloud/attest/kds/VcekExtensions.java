package io.dcloud.attest.kds;

import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.parse.ParseException.Reason;
import io.dcloud.attest.snp.Tcb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * The AMD extensions of a VCEK or VLEK (AMD "Versioned Chip Endorsement Key" spec, OIDs under
 * 1.3.6.1.4.1.3704.1): product name, the TCB the key was derived for, and the chip's hwID (VCEK only).
 */
public record VcekExtensions(Optional<String> productName, Tcb tcb, Optional<byte[]> hwId) {

    private static final String OID = "1.3.6.1.4.1.3704.1.";

    public static VcekExtensions of(X509Certificate cert) throws ParseException {
        Optional<String> product = Optional.ofNullable(inner(cert, OID + "2")).map(VcekExtensions::string);
        Optional<byte[]> hwId = Optional.ofNullable(inner(cert, OID + "4"));
        Tcb tcb = new Tcb(
                optionalInt(cert, "3.9"),
                requiredInt(cert, "3.1"),
                requiredInt(cert, "3.2"),
                requiredInt(cert, "3.3"),
                requiredInt(cert, "3.8"));
        return new VcekExtensions(product, tcb, hwId);
    }

    private static int requiredInt(X509Certificate cert, String suffix) throws ParseException {
        if (inner(cert, OID + suffix) == null) {
            throw new ParseException(Reason.BAD_CERTIFICATE, "VCEK lacks the TCB extension " + OID + suffix);
        }
        return optionalInt(cert, suffix);
    }

    private static int optionalInt(X509Certificate cert, String suffix) throws ParseException {
        byte[] value = inner(cert, OID + suffix);
        if (value == null) {
            return 0;
        }
        try {
            int n = ASN1Integer.getInstance(ASN1Primitive.fromByteArray(value)).intValueExact();
            if (n < 0 || n > 255) {
                throw new ParseException(
                        Reason.BAD_CERTIFICATE, "VCEK TCB extension " + suffix + " out of range: " + n);
            }
            return n;
        } catch (IOException | RuntimeException e) {
            throw new ParseException(Reason.BAD_CERTIFICATE, "VCEK TCB extension " + suffix + " is not an INTEGER");
        }
    }

    private static String string(byte[] value) {
        try {
            return ((ASN1String) ASN1Primitive.fromByteArray(value)).getString();
        } catch (IOException | RuntimeException e) {
            return new String(value, StandardCharsets.US_ASCII);
        }
    }

    /** The extnValue contents (the bytes inside the OCTET STRING), or null when absent. */
    private static byte[] inner(X509Certificate cert, String oid) throws ParseException {
        byte[] ext = cert.getExtensionValue(oid);
        if (ext == null) {
            return null;
        }
        try {
            return ASN1OctetString.getInstance(ext).getOctets();
        } catch (RuntimeException e) {
            throw new ParseException(Reason.BAD_CERTIFICATE, "extension " + oid + " is malformed");
        }
    }
}

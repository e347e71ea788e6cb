package io.dcloud.attest.verify;

import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.parse.ParseException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/** Reading certificates and CRLs (DER, or PEM with any number of blocks) and naming them. */
public final class Certificates {

    private Certificates() {}

    /** One DER certificate or any number of PEM certificates, in the order given. */
    public static List<X509Certificate> read(byte[] bytes) throws ParseException {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : factory().generateCertificates(new ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new ParseException(Reason.BAD_CERTIFICATE, "no certificate found");
            }
            return out;
        } catch (CertificateException | RuntimeException e) {
            throw new ParseException(Reason.BAD_CERTIFICATE, "not a DER or PEM certificate: " + e.getMessage());
        }
    }

    public static X509CRL readCrl(byte[] bytes) throws ParseException {
        try {
            return (X509CRL) factory().generateCRL(new ByteArrayInputStream(bytes));
        } catch (CRLException | RuntimeException e) {
            throw new ParseException(Reason.BAD_CERTIFICATE, "not a DER or PEM CRL: " + e.getMessage());
        }
    }

    /** A certificate bundled with this module (the pinned roots), by resource name. */
    public static X509Certificate resource(String name) {
        try (InputStream in = Certificates.class.getResourceAsStream("/io/dcloud/attest/roots/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled certificate " + name);
            }
            return read(in.readAllBytes()).getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("bundled certificate " + name + " is unreadable", e);
        }
    }

    /** SHA-256 of the DER encoding, lowercase hex: how roots are pinned. */
    public static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CN of a name, or the whole name when it has none. */
    public static String commonName(X500Principal name) {
        for (String part : name.getName(X500Principal.RFC2253).split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return name.getName();
    }

    public static boolean selfIssued(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal());
    }

    private static CertificateFactory factory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}

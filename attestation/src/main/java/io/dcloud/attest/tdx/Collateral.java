package io.dcloud.attest.tdx;

import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.verify.Certificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Intel PCS collateral for a TDX quote: TCB info and QE identity (signed JSON), the certificates that
 * sign them and the CRLs. Read from a directory whose files are recognised by content, so the names
 * PCS serves them under do not matter; files that are none of these are ignored.
 */
public record Collateral(
        Optional<SignedJson> tcbInfo,
        Optional<SignedJson> qeIdentity,
        List<X509Certificate> certificates,
        List<X509CRL> crls) {

    public Collateral {
        certificates = List.copyOf(certificates);
        crls = List.copyOf(crls);
    }

    public static Collateral fromDirectory(Path dir) throws IOException, ParseException {
        Optional<SignedJson> tcbInfo = Optional.empty();
        Optional<SignedJson> qeIdentity = Optional.empty();
        List<X509Certificate> certs = new ArrayList<>();
        List<X509CRL> crls = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            String head = new String(b, 0, Math.min(b.length, 64), StandardCharsets.ISO_8859_1).strip();
            if (head.startsWith("{\"tcbInfo\"")) {
                tcbInfo = Optional.of(SignedJson.parse(b, "tcbInfo"));
            } else if (head.startsWith("{\"enclaveIdentity\"")) {
                qeIdentity = Optional.of(SignedJson.parse(b, "enclaveIdentity"));
            } else if (head.startsWith("-----BEGIN CERTIFICATE")) {
                certs.addAll(Certificates.read(b));
            } else if (head.startsWith("-----BEGIN X509 CRL") || looksLikeDerCrl(b)) {
                crls.add(Certificates.readCrl(b));
            }
        }
        return new Collateral(tcbInfo, qeIdentity, certs, crls);
    }

    private static boolean looksLikeDerCrl(byte[] b) {
        try {
            Certificates.readCrl(b);
            return true;
        } catch (ParseException e) {
            return false;
        }
    }
}

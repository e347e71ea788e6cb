package io.dcloud.attest;

import io.dcloud.attest.evidence.Evidence;
import io.dcloud.attest.evidence.EvidenceReader;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.verify.Certificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The recorded vectors of testdata/attestation/vectors (see its MANIFEST.md). */
public final class Vectors {

    private Vectors() {}

    public static Path dir() {
        String shared = System.getProperty("dcloud.shared.dir", "../testdata");
        return Path.of(shared, "attestation", "vectors");
    }

    public static Path path(String relative) {
        return dir().resolve(relative);
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<X509Certificate> certs(String... relative) throws ParseException {
        List<X509Certificate> out = new ArrayList<>();
        for (String r : relative) {
            out.addAll(Certificates.read(bytes(r)));
        }
        return out;
    }

    /** Evidence as the CLI would assemble it: the evidence file plus the given certificate files. */
    public static Evidence evidence(String file, String... certFiles) throws ParseException {
        return EvidenceReader.read(bytes(file), Optional.empty()).withCertificates(certs(certFiles));
    }
}

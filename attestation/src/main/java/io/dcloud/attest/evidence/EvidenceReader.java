package io.dcloud.attest.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.parse.LeReader;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.parse.ParseException.Reason;
import io.dcloud.attest.snp.SnpReport;
import io.dcloud.attest.verify.Certificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Turns an evidence file into {@link Evidence}: detects hex, base64, raw bytes or a dcloud evidence
 * bundle, then whether the bytes are an SEV-SNP report or a TDX quote. An SNP auxblob (configfs-tsm
 * certificate table) contributes its certificates.
 */
public final class EvidenceReader {

    /** TEE type of a TDX quote header. */
    private static final long TEE_TYPE_TDX = 0x81;

    private EvidenceReader() {}

    public static Evidence read(byte[] file, Optional<byte[]> auxblob) throws ParseException {
        Optional<EvidenceBundle> bundle = EvidenceBundle.detect(file);
        byte[] raw = bundle.isPresent() ? bundle.get().outblob() : decodeText(file);
        Optional<byte[]> aux = auxblob.isPresent() ? auxblob : bundle.flatMap(EvidenceBundle::auxblob);
        Evidence.Tee tee = detect(raw);
        List<X509Certificate> certs = new ArrayList<>();
        List<X509CRL> crls = new ArrayList<>();
        if (aux.isPresent() && aux.get().length > 0) {
            if (tee != Evidence.Tee.SEV_SNP) {
                throw new ParseException(Reason.BAD_FIELD, "an auxblob belongs to SEV-SNP evidence, not TDX");
            }
            // Entries with other GUIDs are the host's business; only keys and the CRL matter here.
            for (CertTable.Entry e : CertTable.parse(aux.get())) {
                switch (e.guid()) {
                    case CertTable.VCEK, CertTable.VLEK, CertTable.ASK, CertTable.ARK ->
                        certs.addAll(Certificates.read(e.data()));
                    case CertTable.CRL -> crls.add(Certificates.readCrl(e.data()));
                    default -> {}
                }
            }
        }
        return new Evidence(tee, raw, certs, crls, Optional.empty(), Optional.empty());
    }

    /** Raw bytes pass through; text that is all hex or all base64 is decoded. */
    static byte[] decodeText(byte[] file) throws ParseException {
        if (!isText(file)) {
            return file;
        }
        String text = new String(file, StandardCharsets.US_ASCII).replaceAll("\\s+", "");
        if (text.isEmpty()) {
            throw new ParseException(Reason.UNKNOWN_FORMAT, "the evidence file is empty");
        }
        if (text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Hex.parse(text, "hex evidence");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ParseException(Reason.UNKNOWN_FORMAT, "text evidence is neither hex nor base64");
        }
    }

    /** A TDX quote starts with version 4 or 5 and TEE type 0x81; an SNP report with version 2, 3 or 5. */
    static Evidence.Tee detect(byte[] raw) throws ParseException {
        LeReader r = new LeReader(raw, "evidence");
        if (raw.length >= 8 && (r.u16(0) == 4 || r.u16(0) == 5) && r.u32(4) == TEE_TYPE_TDX) {
            return Evidence.Tee.TDX;
        }
        if (raw.length >= SnpReport.LENGTH) {
            long v = r.u32(0);
            if (v == 2 || v == 3 || v == 5) {
                return Evidence.Tee.SEV_SNP;
            }
        }
        throw new ParseException(
                Reason.UNKNOWN_FORMAT,
                "neither an SEV-SNP report (version 2/3/5, >= 1184 bytes) nor a TDX quote (version 4/5, TEE type"
                        + " 0x81); " + raw.length + " bytes");
    }

    private static boolean isText(byte[] b) {
        for (byte x : b) {
            if (x < 0x09 || (x > 0x0d && x < 0x20) || x > 0x7e) {
                return false;
            }
        }
        return b.length > 0;
    }

    /**
     * The file `dcloud attest report` writes: JSON with the configfs-tsm (or ioctl) provider and the
     * outblob and auxblob in base64.
     */
    public record EvidenceBundle(String provider, byte[] outblob, Optional<byte[]> auxblob) {

        public static final String FORMAT = "dcloud-evidence-v1";

        /** The bundle in {@code file}; fails when the file is not a {@value #FORMAT} bundle. */
        public static EvidenceBundle parse(byte[] file) throws ParseException {
            return detect(file)
                    .orElseThrow(() -> new ParseException(Reason.UNKNOWN_FORMAT, "not a " + FORMAT + " JSON bundle"));
        }

        static Optional<EvidenceBundle> detect(byte[] file) throws ParseException {
            int i = 0;
            while (i < file.length && Character.isWhitespace(file[i])) {
                i++;
            }
            if (i == file.length || file[i] != '{') {
                return Optional.empty();
            }
            try {
                JsonNode n = new ObjectMapper().readTree(file);
                if (!FORMAT.equals(n.path("format").asText())) {
                    throw new ParseException(Reason.UNKNOWN_FORMAT, "JSON evidence is not " + FORMAT);
                }
                byte[] out = Base64.getDecoder().decode(n.path("outblob").asText());
                Optional<byte[]> aux = n.hasNonNull("auxblob")
                        ? Optional.of(
                                Base64.getDecoder().decode(n.get("auxblob").asText()))
                        : Optional.empty();
                return Optional.of(new EvidenceBundle(n.path("provider").asText(), out, aux));
            } catch (IOException | IllegalArgumentException e) {
                throw new ParseException(Reason.BAD_ENCODING, "evidence bundle: " + e.getMessage());
            }
        }

        public byte[] toJson() {
            var m = new LinkedHashMap<String, Object>();
            m.put("format", FORMAT);
            m.put("provider", provider);
            m.put("outblob", Base64.getEncoder().encodeToString(outblob));
            auxblob.ifPresent(a -> m.put("auxblob", Base64.getEncoder().encodeToString(a)));
            try {
                return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

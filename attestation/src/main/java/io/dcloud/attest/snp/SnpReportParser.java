package io.dcloud.attest.snp;

import io.dcloud.attest.parse.LeReader;
import io.dcloud.attest.parse.ParseException;
import io.dcloud.attest.parse.ParseException.Reason;
import java.util.Optional;

/** Bytes to {@link SnpReport}; knows nothing of signatures. Trailing bytes are tolerated and counted. */
public final class SnpReportParser {

    /** ECDSA P-384 with SHA-384, the only algorithm the ABI defines. */
    private static final long SIG_ALGO_ECDSA_P384_SHA384 = 1;

    private SnpReportParser() {}

    public static SnpReport parse(byte[] bytes) throws ParseException {
        LeReader r = new LeReader(bytes, "SEV-SNP report");
        r.require(0, SnpReport.LENGTH);
        int version = (int) r.u32(0x00);
        if (version != 2 && version != 3 && version != 5) {
            throw new ParseException(
                    Reason.UNSUPPORTED_VERSION, "SEV-SNP report version " + version + " (supported: 2, 3, 5)");
        }
        long sigAlgo = r.u32(0x34);
        if (sigAlgo != SIG_ALGO_ECDSA_P384_SHA384) {
            throw new ParseException(
                    Reason.BAD_FIELD, "SEV-SNP signature algorithm " + sigAlgo + " is not ECDSA P-384");
        }
        long flags = r.u32(0x48);
        SigningKey signingKey =
                switch ((int) (flags >>> 2 & 0x7)) {
                    case 0 -> SigningKey.VCEK;
                    case 1 -> SigningKey.VLEK;
                    case 7 -> SigningKey.NONE;
                    default ->
                        throw new ParseException(
                                Reason.BAD_FIELD,
                                "SEV-SNP signing key selector " + (flags >>> 2 & 0x7) + " is reserved");
                };
        Optional<SnpReport.Cpuid> cpuid = version >= 3
                ? Optional.of(new SnpReport.Cpuid(r.u8(0x188), r.u8(0x189), r.u8(0x18A)))
                : Optional.empty();
        boolean v5 = version >= 5;
        return new SnpReport(
                version,
                r.u32(0x04),
                new GuestPolicy(r.u64(0x08)),
                r.bytes(0x10, 16),
                r.bytes(0x20, 16),
                r.u32(0x30),
                sigAlgo,
                r.u64(0x38),
                r.u64(0x40),
                (flags & 1) == 1,
                (flags >>> 1 & 1) == 1,
                signingKey,
                r.bytes(0x50, 64),
                r.bytes(0x90, 48),
                r.bytes(0xC0, 32),
                r.bytes(0xE0, 48),
                r.bytes(0x110, 48),
                r.bytes(0x140, 32),
                r.bytes(0x160, 32),
                r.u64(0x180),
                cpuid,
                r.bytes(0x1A0, 64),
                r.u64(0x1E0),
                new SnpReport.FirmwareVersion(r.u8(0x1EA), r.u8(0x1E9), r.u8(0x1E8)),
                new SnpReport.FirmwareVersion(r.u8(0x1EE), r.u8(0x1ED), r.u8(0x1EC)),
                r.u64(0x1F0),
                v5 ? r.u64(0x1F8) : 0,
                v5 ? r.u64(0x200) : 0,
                r.bytes(0x2A0, 72),
                r.bytes(0x2E8, 72),
                r.bytes(0, SnpReport.SIGNED_LENGTH),
                bytes.length - SnpReport.LENGTH);
    }
}

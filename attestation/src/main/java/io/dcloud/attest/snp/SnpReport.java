package io.dcloud.attest.snp;

import java.util.Arrays;
import java.util.Optional;

/**
 * An SEV-SNP ATTESTATION_REPORT (versions 2, 3 and 5), every field of the SEV-SNP ABI table
 * "ATTESTATION_REPORT Structure". Byte arrays are copies owned by the record.
 */
public record SnpReport(
        int version,
        long guestSvn,
        GuestPolicy policy,
        byte[] familyId,
        byte[] imageId,
        long vmpl,
        long signatureAlgo,
        long currentTcb,
        long platformInfo,
        boolean authorKeyEnabled,
        boolean maskChipKey,
        SigningKey signingKey,
        byte[] reportData,
        byte[] measurement,
        byte[] hostData,
        byte[] idKeyDigest,
        byte[] authorKeyDigest,
        byte[] reportId,
        byte[] reportIdMa,
        long reportedTcb,
        Optional<Cpuid> cpuid,
        byte[] chipId,
        long committedTcb,
        FirmwareVersion currentVersion,
        FirmwareVersion committedVersion,
        long launchTcb,
        long launchMitVector,
        long currentMitVector,
        byte[] signatureR,
        byte[] signatureS,
        byte[] signedBytes,
        int trailingBytes) {

    /** Length of the report structure; the signature covers the first {@link #SIGNED_LENGTH} bytes. */
    public static final int LENGTH = 0x4A0;

    public static final int SIGNED_LENGTH = 0x2A0;

    /** CPUID family, model and stepping of the chip (version 3 and later). */
    public record Cpuid(int family, int model, int stepping) {}

    public record FirmwareVersion(int major, int minor, int build) {
        @Override
        public String toString() {
            return major + "." + minor + "." + build;
        }
    }

    public byte[] signedBytes() {
        return Arrays.copyOf(signedBytes, signedBytes.length);
    }
}

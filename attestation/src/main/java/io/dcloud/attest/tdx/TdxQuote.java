package io.dcloud.attest.tdx;

/**
 * A TDX quote (versions 4 and 5) with ECDSA P-256 attestation key and QE certification data carrying
 * the PCK certificate chain (certification data types 6 and 5 of the Intel DCAP quote format).
 */
public record TdxQuote(
        int version,
        int attestationKeyType,
        long teeType,
        int qeSvn,
        int pceSvn,
        byte[] qeVendorId,
        byte[] userData,
        TdReport body,
        byte[] signedBytes,
        byte[] signature,
        byte[] attestationKey,
        QeReport qeReport,
        byte[] qeReportSignature,
        byte[] qeAuthData,
        byte[] pckChain,
        int trailingBytes) {}

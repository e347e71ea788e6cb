package io.dcloud.attest.tdx;

/** The SGX report of the Quoting Enclave that certifies the attestation key (384 bytes). */
public record QeReport(
        byte[] cpuSvn,
        long miscSelect,
        byte[] attributes,
        byte[] mrEnclave,
        byte[] mrSigner,
        int isvProdId,
        int isvSvn,
        byte[] reportData,
        byte[] raw) {

    public static final int LENGTH = 384;
}

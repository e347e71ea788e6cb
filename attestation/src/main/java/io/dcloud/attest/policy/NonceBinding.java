package io.dcloud.attest.policy;

/**
 * How the tenant's nonce appears in REPORT_DATA. The convention: the guest puts SHA-512(nonce) there
 * (64 bytes, fits exactly, any nonce length). RAW accepts the nonce itself, zero-padded to 64 bytes,
 * for guests that pass small nonces through unchanged.
 */
public enum NonceBinding {
    SHA512,
    RAW
}

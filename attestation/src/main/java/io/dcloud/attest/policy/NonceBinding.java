package io.dcloud.attest.policy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * How the tenant's nonce appears in REPORT_DATA. The convention: the guest puts SHA-512(nonce) there
 * (64 bytes, fits exactly, any nonce length). RAW accepts the nonce itself, zero-padded to 64 bytes,
 * for guests that pass small nonces through unchanged.
 */
public enum NonceBinding {
    SHA512,
    RAW;

    /** The 64 bytes of REPORT_DATA a guest asks its platform for, to bind {@code nonce} this way. */
    public byte[] reportData(byte[] nonce) {
        if (this == RAW) {
            if (nonce.length > 64) {
                throw new IllegalArgumentException("a raw nonce must be at most 64 bytes, got " + nonce.length);
            }
            return Arrays.copyOf(nonce, 64);
        }
        try {
            return MessageDigest.getInstance("SHA-512").digest(nonce);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-512", e);
        }
    }
}

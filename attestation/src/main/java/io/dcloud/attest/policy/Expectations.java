package io.dcloud.attest.policy;

import io.dcloud.attest.parse.Hex;
import io.dcloud.attest.verify.Check;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/** Checks shared by SNP and TDX validation: exact byte matches and the nonce binding. */
final class Expectations {

    private Expectations() {}

    static Optional<Check> equal(String name, String field, Optional<byte[]> expected, byte[] actual) {
        return expected.map(e -> MessageDigest.isEqual(e, actual)
                ? Check.pass(name, field + " is as expected")
                : Check.fail(name, field + " " + Hex.of(actual) + " differs from the expected " + Hex.of(e)));
    }

    static Optional<Check> nonce(Policy policy, byte[] reportData) {
        return policy.nonce().map(n -> {
            byte[] expected =
                    switch (policy.nonceBinding()) {
                        case SHA512 -> sha512(n);
                        case RAW -> n.length <= reportData.length ? Arrays.copyOf(n, reportData.length) : n;
                    };
            return MessageDigest.isEqual(expected, reportData)
                    ? Check.pass("policy.nonce", "REPORT_DATA binds the nonce (" + policy.nonceBinding() + ")")
                    : Check.fail(
                            "policy.nonce",
                            "REPORT_DATA does not bind the nonce: expected " + policy.nonceBinding() + " of it, "
                                    + Hex.of(expected) + ", found " + Hex.of(reportData));
        });
    }

    static byte[] sha512(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

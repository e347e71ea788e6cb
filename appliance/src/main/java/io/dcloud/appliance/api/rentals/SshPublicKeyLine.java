package io.dcloud.appliance.api.rentals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

/**
 * Checks one OpenSSH public key line ({@code <type> <base64 key> [comment]}) the way sshd would read it: the key
 * data must decode, name the same type as the line, and parse as that kind of key (BouncyCastle's parser).
 */
final class SshPublicKeyLine {
    private static final int MAX_LENGTH = 8192;

    private SshPublicKeyLine() {}

    /** Why {@code line} is not a usable public key, or empty when it is one. */
    static Optional<String> problem(String line) {
        if (line.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        if (line.chars().anyMatch(c -> c == '\n' || c == '\r')) {
            return Optional.of("must be one line (one key)");
        }
        String[] parts = line.split(" +", 3);
        if (parts.length < 2) {
            return Optional.of("is not '<type> <base64 key> [comment]', e.g. 'ssh-ed25519 AAAAC3Nza... me@laptop'");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return Optional.of("the key data is not base64: " + e.getMessage());
        }
        Optional<String> inner = typeIn(blob);
        if (inner.isEmpty()) {
            return Optional.of("the key data is truncated");
        }
        if (!inner.get().equals(parts[0])) {
            return Optional.of("the line says " + parts[0] + " but the key data is of type " + inner.get());
        }
        try {
            OpenSSHPublicKeyUtil.parsePublicKey(blob);
        } catch (RuntimeException e) {
            return Optional.of("not a valid " + parts[0] + " public key (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    /** The key type the blob starts with: a 4-byte length, then that many bytes of ASCII. */
    private static Optional<String> typeIn(byte[] blob) {
        if (blob.length < 4) {
            return Optional.empty();
        }
        int length = ByteBuffer.wrap(blob, 0, 4).getInt();
        if (length < 1 || length > blob.length - 4 || length > 64) {
            return Optional.empty();
        }
        return Optional.of(new String(blob, 4, length, StandardCharsets.US_ASCII));
    }
}

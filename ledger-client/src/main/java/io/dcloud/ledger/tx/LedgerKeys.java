package io.dcloud.ledger.tx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * Where a signing key comes from: an encrypted JSON keystore (web3j wallet) or an environment variable holding the
 * hex private key. Errors name the source, never the key.
 */
public final class LedgerKeys {
    private LedgerKeys() {}

    /** The key in environment variable {@code name} (hex, with or without {@code 0x}). */
    public static Credentials fromEnvironment(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " holds no private key");
        }
        String hex = value.strip().startsWith("0x") ? value.strip().substring(2) : value.strip();
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(
                    "environment variable " + name + " is not a 32-byte hex private key (value not shown)");
        }
        return Credentials.create(hex);
    }

    /** The key in an encrypted JSON keystore file. */
    public static Credentials fromKeystore(Path file, String password) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("keystore file not found: " + file);
        }
        try {
            return WalletUtils.loadCredentials(password, file.toFile());
        } catch (CipherException e) {
            throw new IllegalArgumentException("wrong password for keystore " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("keystore " + file + " is not a readable JSON wallet", e);
        }
    }
}

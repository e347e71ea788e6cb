package io.dcloud.appliance.host;

import io.dcloud.appliance.config.ProviderKey;
import io.dcloud.ledger.tx.LedgerKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.web3j.crypto.Credentials;

/**
 * The provider's signing key, from where the config says: an environment variable, or a file holding either the
 * hex key or an encrypted JSON keystore (its password in {@code DCLOUD_PROVIDER_KEY_PASSWORD}). Never logged.
 */
final class ProviderCredentials {
    static final String KEYSTORE_PASSWORD = "DCLOUD_PROVIDER_KEY_PASSWORD";

    private ProviderCredentials() {}

    static Credentials load(ProviderKey key, Map<String, String> env) throws IOException {
        return switch (key) {
            case ProviderKey.Environment e -> LedgerKeys.fromEnvironment(env, e.variable());
            case ProviderKey.File f -> {
                String text = Files.readString(f.path(), StandardCharsets.UTF_8).strip();
                if (text.startsWith("{")) {
                    String password = env.get(KEYSTORE_PASSWORD);
                    if (password == null) {
                        throw new IllegalArgumentException(
                                f.path() + " is a keystore: set its password in " + KEYSTORE_PASSWORD);
                    }
                    yield LedgerKeys.fromKeystore(f.path(), password);
                }
                yield LedgerKeys.fromEnvironment(Map.of("key-file " + f.path(), text), "key-file " + f.path());
            }
        };
    }
}

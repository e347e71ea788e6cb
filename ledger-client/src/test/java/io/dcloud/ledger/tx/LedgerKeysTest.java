package io.dcloud.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

class LedgerKeysTest {
    static final String KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    static final String ADDRESS = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

    @Test
    void readsAKeyFromTheEnvironmentWithOrWithoutPrefix() {
        assertEquals(ADDRESS, LedgerKeys.fromEnvironment(Map.of("K", KEY), "K").getAddress());
        assertEquals(
                ADDRESS,
                LedgerKeys.fromEnvironment(Map.of("K", "0x" + KEY), "K").getAddress());
    }

    @Test
    void errorsNameTheVariableButNeverTheValue() {
        var missing = assertThrows(IllegalArgumentException.class, () -> LedgerKeys.fromEnvironment(Map.of(), "K"));
        assertEquals("environment variable K holds no private key", missing.getMessage());
        var bad = assertThrows(
                IllegalArgumentException.class, () -> LedgerKeys.fromEnvironment(Map.of("K", "secret-1234"), "K"));
        assertFalse(bad.getMessage().contains("secret-1234"));
    }

    @Test
    void readsAnEncryptedKeystoreAndRejectsAWrongPassword(@TempDir Path dir) throws Exception {
        String file =
                WalletUtils.generateWalletFile("pw", Credentials.create(KEY).getEcKeyPair(), dir.toFile(), false);
        assertEquals(ADDRESS, LedgerKeys.fromKeystore(dir.resolve(file), "pw").getAddress());
        var wrong =
                assertThrows(IllegalArgumentException.class, () -> LedgerKeys.fromKeystore(dir.resolve(file), "nope"));
        assertEquals("wrong password for keystore " + dir.resolve(file), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LedgerKeys.fromKeystore(dir.resolve("none.json"), "pw"));
    }
}

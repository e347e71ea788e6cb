package io.dcloud.appliance.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokensTest {

    @TempDir
    Path dir;

    @Test
    void onlyHashesAreStoredAndNewTokensCountWithoutRestart() throws Exception {
        var file = dir.resolve("state/admin-tokens");
        var tokens = AdminTokens.open(file);
        assertEquals(0, tokens.count());
        var first = AdminTokens.create(file, "alice laptop", new SecureRandom());
        assertTrue(first.startsWith(AdminTokens.TOKEN_PREFIX));
        var stored = Files.readString(file);
        assertFalse(stored.contains(first.substring(AdminTokens.TOKEN_PREFIX.length())), stored);
        assertTrue(stored.matches("sha256:[0-9a-f]{64} alice laptop\n"), stored);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(tokens.admits(first));

        var second = AdminTokens.create(file, "", new SecureRandom());
        assertTrue(tokens.admits(second));
        assertTrue(tokens.admits(first));
        assertFalse(tokens.admits(first + "x"));
        assertFalse(tokens.admits(""));
        assertEquals(2, tokens.count());
    }

    @Test
    void aMalformedFileIsRefusedAtOpenWithItsLine() throws Exception {
        var file = dir.resolve("admin-tokens");
        Files.writeString(file, "# admins\nsha256:" + "ab".repeat(32) + "\nplain-token\n");
        var e = assertThrows(IllegalArgumentException.class, () -> AdminTokens.open(file));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void aFileBrokenWhileRunningKeepsThePreviousTokens() throws Exception {
        var file = dir.resolve("admin-tokens");
        var token = AdminTokens.create(file, "ops", new SecureRandom());
        var tokens = AdminTokens.open(file);
        Files.writeString(file, "garbage that is longer than before\n");
        assertTrue(tokens.admits(token));
    }
}

package io.dcloud.appliance.api.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedIdentityTest {

    private static final Set<String> NAMES = Set.of("localhost", "127.0.0.1", "::1", "provider.example");

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void madeOnceThenReused() throws Exception {
        var tls = dir.resolve("api-tls");
        var made = SelfSignedIdentity.loadOrCreate(tls, NAMES, clock);
        assertTrue(made.keyMatchesCertificate());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("key.pem"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls)));
        var again = SelfSignedIdentity.loadOrCreate(tls, NAMES, clock);
        assertEquals(made.certificate(), again.certificate());
        try (var files = Files.list(tls)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void madeAgainWhenExpiringWhenANameIsMissingOrWhenThePairIsTorn() throws Exception {
        var tls = dir.resolve("api-tls");
        var first = SelfSignedIdentity.loadOrCreate(tls, NAMES, clock);

        var later = Clock.offset(clock, SelfSignedIdentity.VALIDITY.minus(Duration.ofDays(1)));
        var renewed = SelfSignedIdentity.loadOrCreate(tls, NAMES, later);
        assertNotEquals(first.certificate(), renewed.certificate());

        var renamed = SelfSignedIdentity.loadOrCreate(tls, Set.of("localhost", "other.example"), clock);
        assertNotEquals(renewed.certificate(), renamed.certificate());

        // a crash between the two atomic writes leaves a new key beside the old certificate
        PemFiles.writeAtomically(
                tls.resolve("key.pem"),
                SelfSignedIdentity.generate(NAMES, clock.instant()).key(),
                true);
        var healed = SelfSignedIdentity.loadOrCreate(tls, NAMES, clock);
        assertTrue(healed.keyMatchesCertificate());
        assertNotEquals(renamed.certificate(), healed.certificate());
    }
}

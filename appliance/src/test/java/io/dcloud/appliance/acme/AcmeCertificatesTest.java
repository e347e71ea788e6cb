package io.dcloud.appliance.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcmeCertificatesTest {

    @TempDir
    Path dir;

    @Test
    void namesTheStepAndTheServerWhenTheDirectoryIsUnreachable() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var settings = AcmeSettings.of(
                        URI.create("https://127.0.0.1:" + closedPort + "/dir"),
                        "ops@provider.test",
                        "api.provider.test",
                        dir)
                .withTimeout(Duration.ofSeconds(5));
        var certificates = new AcmeCertificates(settings, new PendingChallenges(), Clock.systemUTC());

        var failure = assertThrows(CertificateOrderException.class, certificates::ensureCertificate);

        assertTrue(
                failure.getMessage().startsWith("cannot register the ACME account at https://127.0.0.1:"),
                failure.getMessage());
        assertTrue(Files.exists(dir.resolve("account.key")), "the account key is kept for the next attempt");
    }

    @Test
    void reportsAnUnreadableStoredKeyInsteadOfReplacingIt() throws Exception {
        Files.writeString(dir.resolve("account.key"), "not a key");
        var settings =
                AcmeSettings.of(URI.create("https://127.0.0.1:1/dir"), "ops@provider.test", "api.provider.test", dir);
        var certificates = new AcmeCertificates(settings, new PendingChallenges(), Clock.systemUTC());

        var failure = assertThrows(CertificateOrderException.class, certificates::ensureCertificate);

        assertEquals("cannot load or create the ACME account key " + dir.resolve("account.key"), failure.getMessage());
    }
}

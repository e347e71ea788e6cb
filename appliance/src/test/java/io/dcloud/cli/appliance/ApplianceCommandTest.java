package io.dcloud.cli.appliance;

import static io.dcloud.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.api.auth.AdminTokens;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ApplianceCommandTest {

    static final String CONFIG = """
            provider:
              name: acme
              key-file: provider.key
              domain: provider.example
              public-address: 127.0.0.1
            listeners:
              api: 0
            libvirt:
              base-image: base.qcow2
            ledger:
              local: true
            offers:
              price-per-hour:
                standard: 0.05
            state-dir: state
            """;

    @TempDir
    Path dir;

    private Path config(String yaml) throws Exception {
        Files.writeString(dir.resolve("provider.key"), "0x00");
        Files.writeString(dir.resolve("base.qcow2"), "");
        var file = dir.resolve("appliance.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void checkSaysOkForAGoodConfigAndTouchesNothing() throws Exception {
        var run = run("appliance", "check", "--config", config(CONFIG).toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("OK: "), run.out());
        assertTrue(Files.notExists(dir.resolve("state")), "check must not create the state dir");
    }

    @Test
    void checkListsEveryProblemAndExitsTwo() throws Exception {
        var bad = CONFIG.replace("domain: provider.example", "domain: BAD").replace("api: 0", "api: x");
        var run = run("appliance", "check", "--config", config(bad).toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("2 problem(s)"), run.err());
        assertTrue(run.err().contains("  provider.domain: 'BAD' is not a lower-case DNS name"), run.err());
        assertTrue(run.err().contains("  listeners.api: must be a whole number, got 'x'"), run.err());
    }

    @Test
    void tokenCreatePrintsTheTokenOnceAndStoresItsHash() throws Exception {
        var run = run("appliance", "token", "create", "--config", config(CONFIG).toString(), "--label", "ops");
        assertEquals(0, run.exitCode(), run.err());
        var token = run.out().strip();
        assertTrue(token.startsWith(AdminTokens.TOKEN_PREFIX), token);
        var file = dir.resolve("state/admin-tokens");
        assertTrue(AdminTokens.open(file).admits(token));
        assertTrue(!Files.readString(file).contains(token));
        assertTrue(run.err().contains("copy it now"), run.err());
    }

    @Test
    @Timeout(30)
    void runSaysWhyItCannotStart() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var yaml = CONFIG.replace("api: 0", "api: " + taken.getLocalPort() + "\n  bind-address: 127.0.0.1");
            var run = run("appliance", "run", "--config", config(yaml).toString());
            assertEquals(1, run.exitCode(), run.out());
            assertTrue(run.err().startsWith("dcloud appliance: cannot start: "), run.err());
        }
    }

    @Test
    void runRefusesABadConfigBeforeTouchingAnything() throws Exception {
        var run = run(
                "appliance",
                "run",
                "--config",
                config(CONFIG.replace("  name: acme\n", "")).toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("provider.name: is required"), run.err());
        assertTrue(Files.notExists(dir.resolve("state")));
    }
}

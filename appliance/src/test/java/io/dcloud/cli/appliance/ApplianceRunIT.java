package io.dcloud.cli.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.TestApplianceDir;
import io.dcloud.appliance.api.auth.AdminTokens;
import io.dcloud.ledger.chain.AnvilNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dcloud appliance run} as a real process against a real anvil (contracts deployed by the test) and libvirt's
 * in-process test driver: it starts, reads the ledger, serves HTTPS, keeps serving when the ledger goes away (and
 * says so in readiness), and stops on SIGTERM.
 */
class ApplianceRunIT {

    private static final Pattern LISTENING = Pattern.compile("listening on https://[^:]+:(\\d+) ");

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void servesReadsTheLedgerSurvivesItsOutageAndStopsOnSigterm() throws Exception {
        var anvil = AnvilNode.start(AnvilNode.locateBinary(), 0, 31337, Optional.empty());
        try {
            TestApplianceDir.deployContracts(anvil, dir);
            var config = TestApplianceDir.writeConfig(
                    dir, "acme", "provider.example", 0, TestApplianceDir.anvilLedger(anvil.rpcUrl()), "");
            var token = AdminTokens.create(dir.resolve("state/admin-tokens"), "it", new SecureRandom());
            var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            var process = new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            "io.dcloud.cli.Dcloud",
                            "appliance",
                            "run",
                            "--config",
                            config.toString())
                    .redirectError(dir.resolve("stderr.log").toFile())
                    .start();
            try (var out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                var first = out.readLine();
                assertNotNull(first, () -> "no output; stderr: " + stderr());
                var m = LISTENING.matcher(first);
                assertTrue(m.find(), first);
                assertTrue(out.readLine().contains("reconciling rentals of acme"));
                String api = "https://127.0.0.1:" + m.group(1);

                awaitReadiness(api, 200, "last pass read the ledger");
                assertEquals("[]", get(api + "/rentals", token).body());
                assertEquals("[]", get(api + "/routes", token).body());

                anvil.close();
                var down = awaitReadiness(api, 503, "ledger unreachable");
                assertTrue(down.contains("the data plane keeps serving"), down);
                assertEquals(200, get(api + "/ports", token).statusCode(), "the API still answers");

                // SIGTERM through the handle: Process.destroy() would also close our end of its stdout
                assertTrue(process.toHandle().destroy());
                assertEquals(List.of("dcloud appliance: stopped"), out.lines().toList(), this::stderr);
                assertTrue(process.waitFor(20, TimeUnit.SECONDS), "did not stop on SIGTERM");
            } finally {
                process.destroyForcibly();
            }
        } finally {
            anvil.close();
        }
    }

    /** Polls readiness until it answers {@code status} with {@code text} in the body (bounded). */
    private String awaitReadiness(String api, int status, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            var response = TestApplianceDir.apiClient(dir)
                    .send(
                            HttpRequest.newBuilder(URI.create(api + "/health/ready"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == status && response.body().contains(text)) {
                return response.body();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("readiness never became " + status + " with '" + text + "': "
                        + response.statusCode() + " " + response.body() + "\nstderr: " + stderr());
            }
            Thread.sleep(200);
        }
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        return TestApplianceDir.apiClient(dir)
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Bearer " + token)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("stderr.log"));
        } catch (java.io.IOException e) {
            return "(no stderr: " + e + ")";
        }
    }
}

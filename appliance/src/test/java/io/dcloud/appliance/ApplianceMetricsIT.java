package io.dcloud.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.api.auth.AdminTokens;
import io.dcloud.ledger.chain.AnvilNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/**
 * The appliance's own metrics on {@code GET /metrics}, from a running appliance (real anvil, libvirt's test driver,
 * real HTTPS): the reconciler's passes, the ledger-unreachable passes, and the ledger lag, which is the chain head
 * less the watcher's checkpoint (the confirmations it waits for while idle) and unknown once the chain is gone.
 */
class ApplianceMetricsIT {
    private static final int CONFIRMATIONS = 3;

    @TempDir
    Path dir;

    @Test
    void reconcilerAndLedgerLagAreExported() throws Exception {
        var anvil = AnvilNode.start(AnvilNode.locateBinary(), 0, 31337, Optional.empty());
        try {
            TestApplianceDir.deployContracts(anvil, dir);
            // Blocks past the deployment, so that an idle watcher's checkpoint is not held at the start block.
            var mined = new Request<>("anvil_mine", List.of(10), new HttpService(anvil.rpcUrl()), VoidResponse.class)
                    .send();
            assertTrue(!mined.hasError(), () -> mined.getError().getMessage());
            var config = TestApplianceDir.writeConfig(
                    dir,
                    "metered",
                    "provider.test",
                    0,
                    TestApplianceDir.anvilLedger(anvil.rpcUrl()) + "confirmations: " + CONFIRMATIONS + "\n",
                    "");
            var token = AdminTokens.create(dir.resolve("state/admin-tokens"), "it", new SecureRandom());
            try (var appliance = TestApplianceDir.start(config)) {
                String url = "https://127.0.0.1:" + appliance.api().port() + "/metrics";

                // Idle after registering and publishing: the watcher holds back exactly the confirmations.
                String caughtUp = awaitMetrics(
                        url,
                        token,
                        m -> value(m, "dcloud_ledger_lag_blocks").equals(Integer.toString(CONFIRMATIONS))
                                && Long.parseLong(value(m, "dcloud_reconciler_passes_total")) > 0);
                assertTrue(caughtUp.contains("# TYPE dcloud_ledger_lag_blocks gauge\n"), caughtUp);
                assertTrue(caughtUp.contains("# TYPE dcloud_reconciler_passes_total counter\n"), caughtUp);
                assertEquals("0", value(caughtUp, "dcloud_reconciler_ledger_unreachable_total"), caughtUp);
                long head = Long.parseLong(value(caughtUp, "dcloud_ledger_checkpoint_block")) + CONFIRMATIONS;
                assertTrue(head > 0, caughtUp);

                anvil.close();
                String down = awaitMetrics(
                        url,
                        token,
                        m -> value(m, "dcloud_ledger_lag_blocks").equals("NaN")
                                && Long.parseLong(value(m, "dcloud_reconciler_ledger_unreachable_total")) > 0);
                assertTrue(
                        Long.parseLong(value(down, "dcloud_reconciler_passes_total"))
                                > Long.parseLong(value(caughtUp, "dcloud_reconciler_passes_total")),
                        "passes go on without the ledger: " + down);
            }
        } finally {
            anvil.close();
        }
    }

    /** Scrapes until {@code wanted} holds (bounded: the reconciler runs every 2 s, the watcher polls as often). */
    private String awaitMetrics(String url, String token, Predicate<String> wanted) throws Exception {
        var client = TestApplianceDir.apiClient(dir);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            var response = client.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            if (wanted.test(response.body())) {
                return response.body();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the metrics never showed what was expected:\n" + response.body());
            }
            Thread.sleep(200);
        }
    }

    /** The sample of an unlabelled series, or "" when it is not exported. */
    private static String value(String metrics, String name) {
        return metrics.lines()
                .filter(l -> l.startsWith(name + " "))
                .map(l -> l.substring(name.length() + 1))
                .findFirst()
                .orElse("");
    }
}

package io.dcloud.appliance.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.TestApplianceDir;
import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.ledger.chain.Deployment;
import io.dcloud.ledger.market.Marketplace;
import io.dcloud.ledger.tx.LedgerSession;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * {@code ledger.local: true}: the appliance runs its own anvil, deploys the contracts once, registers its provider,
 * and after a restart finds the same chain, deployment and registration (libvirt's test driver for the host).
 */
class LocalLedgerIT {
    @TempDir
    Path dir;

    @Test
    void runsDeploysRegistersAndComesBackToTheSameChain() throws Exception {
        int port;
        try (var probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path config = TestApplianceDir.writeConfig(
                dir, "local-hosting", "provider.test", 0, "local: true\nlocal-port: " + port + "\n", "");
        Path deploymentFile = dir.resolve("state/chain/deployment.json");
        String provider = Credentials.create(AnvilNode.DEV_KEYS.get(1)).getAddress();

        try (var appliance = TestApplianceDir.start(config)) {
            assertTrue(Files.isRegularFile(deploymentFile), "the deployment is kept in the state dir");
            assertEquals("local-hosting", profileName(Deployment.read(deploymentFile), provider));
        }
        String firstDeployment = Files.readString(deploymentFile);
        try (var again = TestApplianceDir.start(config)) {
            assertEquals(firstDeployment, Files.readString(deploymentFile), "no second deployment");
            assertEquals("local-hosting", profileName(Deployment.read(deploymentFile), provider));
        }
    }

    private static String profileName(Deployment deployment, String provider) {
        try (var session = LedgerSession.connect(
                deployment.rpcUrl(), Credentials.create(AnvilNode.DEV_KEYS.get(4)), Duration.ofSeconds(30))) {
            return new Marketplace(session, deployment).profileOf(provider).name();
        }
    }
}

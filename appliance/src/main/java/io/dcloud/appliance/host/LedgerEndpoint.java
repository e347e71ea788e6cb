package io.dcloud.appliance.host;

import io.dcloud.appliance.config.ApplianceConfig;
import io.dcloud.appliance.config.LedgerConfig;
import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.ledger.chain.Deployer;
import io.dcloud.ledger.chain.Deployment;
import io.dcloud.ledger.market.Marketplace;
import io.dcloud.ledger.market.ProviderProfile;
import io.dcloud.ledger.tx.ContractRevert;
import io.dcloud.ledger.tx.LedgerSession;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.web3j.crypto.Credentials;

/**
 * Where the appliance's ledger is: a remote node with a deployment file, or ({@code ledger.local}) a development
 * chain it runs itself, deployed once with the test token (state and deployment file in the state dir, so a
 * restart finds the same chain) and with this provider registered on it.
 *
 * @param chain the local chain to stop with the appliance, or nothing
 */
public record LedgerEndpoint(String rpcUrl, Deployment deployment, Optional<AnvilNode> chain) {
    private static final Logger LOG = Logger.getLogger(LedgerEndpoint.class.getName());
    private static final BigInteger DCT = BigInteger.TEN.pow(9);

    static LedgerEndpoint open(ApplianceConfig config, Credentials provider) {
        return switch (config.ledger()) {
            case LedgerConfig.Remote remote ->
                new LedgerEndpoint(
                        remote.rpcUrl().toString(), Deployment.read(remote.deploymentFile()), Optional.empty());
            case LedgerConfig.Local local -> startLocal(config, local, provider);
        };
    }

    private static LedgerEndpoint startLocal(ApplianceConfig config, LedgerConfig.Local local, Credentials provider) {
        Path dir = config.stateDir().resolve("chain");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + dir, e);
        }
        var anvil =
                AnvilNode.start(AnvilNode.locateBinary(), local.port(), 31337, Optional.of(dir.resolve("state.json")));
        try {
            Path file = dir.resolve("deployment.json");
            if (!Files.exists(file)) {
                try (var deployer = LedgerSession.connect(
                        anvil.rpcUrl(), Credentials.create(AnvilNode.DEV_KEYS.get(0)), Duration.ofSeconds(60))) {
                    var funded = new java.util.ArrayList<>(List.of(provider.getAddress()));
                    AnvilNode.DEV_KEYS
                            .subList(1, AnvilNode.DEV_KEYS.size())
                            .forEach(k -> funded.add(Credentials.create(k).getAddress()));
                    new Deployer(deployer)
                            .deployForTests(
                                    anvil.rpcUrl(),
                                    Credentials.create(AnvilNode.DEV_KEYS.get(0))
                                            .getAddress(),
                                    funded,
                                    DCT.multiply(BigInteger.valueOf(1_000_000)))
                            .write(file);
                }
                LOG.info("local chain: contracts deployed, deployment file " + file);
            }
            return new LedgerEndpoint(anvil.rpcUrl(), Deployment.read(file), Optional.of(anvil));
        } catch (RuntimeException e) {
            anvil.close();
            throw e;
        }
    }

    /** On a local chain the appliance registers its provider itself; elsewhere that is the provider's decision. */
    void ensureRegistered(Marketplace market, ApplianceConfig config, String address) {
        try {
            market.profileOf(address);
        } catch (ContractRevert notRegistered) {
            if (chain.isEmpty()) {
                LOG.warning("provider " + address + " is not registered on the marketplace: rentals cannot come"
                        + " until it is (dcloud provider register)");
                return;
            }
            var domain = config.provider().domain();
            market.registerProvider(new ProviderProfile(
                    config.provider().name(), "", "", "", "https://" + domain, domain, new byte[0]));
            LOG.info("local chain: provider " + address + " registered as "
                    + config.provider().name());
        }
    }
}

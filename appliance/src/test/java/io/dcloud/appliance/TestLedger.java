package io.dcloud.appliance;

import io.dcloud.appliance.reconcile.ChainRentals;
import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.ledger.chain.Deployer;
import io.dcloud.ledger.chain.Deployment;
import io.dcloud.ledger.market.Marketplace;
import io.dcloud.ledger.market.ProviderProfile;
import io.dcloud.ledger.tx.LedgerSession;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.web3j.crypto.Credentials;

/**
 * A real anvil on loopback with the marketplace deployed by dev account 0; dev account 1 is a registered provider,
 * dev account 2 a tenant, both funded with test DCT; account 4 is the treasury.
 */
public final class TestLedger implements AutoCloseable {
    private static final BigInteger FUNDS = new BigInteger("1000000000000000");

    private final AnvilNode anvil;
    private final Deployment deployment;
    private final LedgerSession providerSession;
    private final LedgerSession tenantSession;
    private final Marketplace provider;
    private final Marketplace tenant;

    private TestLedger(AnvilNode anvil) {
        this.anvil = anvil;
        try (var governance = session(0)) {
            deployment = new Deployer(governance)
                    .deployForTests(anvil.rpcUrl(), address(4), List.of(address(1), address(2)), FUNDS);
        }
        providerSession = session(1);
        tenantSession = session(2);
        provider = new Marketplace(providerSession, deployment);
        tenant = new Marketplace(tenantSession, deployment);
        provider.registerProvider(new ProviderProfile(
                "Test Hosting", "Test Hosting Ltd", "ops@provider.test", "DE", "", "provider.test", new byte[0]));
    }

    public static TestLedger start() {
        var anvil = AnvilNode.start(AnvilNode.locateBinary(), 0, 31337, Optional.empty());
        try {
            return new TestLedger(anvil);
        } catch (RuntimeException e) {
            anvil.close();
            throw e;
        }
    }

    /** The provider's rentals as the appliance reads them. */
    public ChainRentals chainRentals() {
        return new ChainRentals(
                provider, providerSession.web3j(), deployment.market(), provider.address(), deployment.startBlock());
    }

    public Marketplace provider() {
        return provider;
    }

    public Marketplace tenant() {
        return tenant;
    }

    public LedgerSession providerSession() {
        return providerSession;
    }

    /** Stops anvil: the ledger becomes unreachable (for good: the chain is not kept). */
    public void stopChain() {
        anvil.close();
    }

    private LedgerSession session(int devAccount) {
        return LedgerSession.connect(
                anvil.rpcUrl(), Credentials.create(AnvilNode.DEV_KEYS.get(devAccount)), Duration.ofSeconds(30));
    }

    private static String address(int devAccount) {
        return Credentials.create(AnvilNode.DEV_KEYS.get(devAccount)).getAddress();
    }

    @Override
    public void close() {
        providerSession.close();
        tenantSession.close();
        anvil.close();
    }
}

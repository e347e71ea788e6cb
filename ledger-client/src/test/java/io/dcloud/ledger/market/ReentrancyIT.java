package io.dcloud.ledger.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dcloud.ledger.DevRpc;
import io.dcloud.ledger.TestChain;
import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.ledger.chain.Deployment;
import io.dcloud.ledger.contracts.DcloudMarket;
import io.dcloud.ledger.contracts.ReentrantToken;
import io.dcloud.ledger.tx.LedgerSession;
import io.dcloud.ledger.tx.RevertDecoder;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

/** A token that calls back into `claim` during the payout gets refused inside, and the provider is paid once. */
class ReentrancyIT {
    static final BigInteger PRICE = BigInteger.valueOf(3_600_000_000L);

    @Test
    void reenteringClaimDuringThePayoutPaysNothingExtra() {
        try (AnvilNode anvil = AnvilNode.start(AnvilNode.locateBinary(), 0, TestChain.CHAIN_ID, Optional.empty());
                LedgerSession governance = TestChain.session(anvil.rpcUrl(), 0);
                LedgerSession providerSession = TestChain.session(anvil.rpcUrl(), 1);
                LedgerSession tenantSession = TestChain.session(anvil.rpcUrl(), 2)) {
            ReentrantToken token = governance.send(
                    ReentrantToken.deploy(governance.web3j(), governance.transactionManager(), governance.fees()));
            String treasury = TestChain.address(4);
            DcloudMarket market = governance.send(DcloudMarket.deploy(
                    governance.web3j(),
                    governance.transactionManager(),
                    governance.fees(),
                    token.getContractAddress(),
                    governance.address(),
                    treasury));
            for (LedgerSession s : new LedgerSession[] {providerSession, tenantSession}) {
                governance.send(token.mint(s.address(), TestChain.FUNDS));
            }
            Deployment deployment = new Deployment(
                    anvil.rpcUrl(),
                    TestChain.CHAIN_ID,
                    token.getContractAddress(),
                    market.getContractAddress(),
                    treasury,
                    0,
                    true);
            Marketplace provider = new Marketplace(providerSession, deployment);
            Marketplace tenant = new Marketplace(tenantSession, deployment);
            provider.registerProvider(MarketLifecycleIT.profile());
            BigInteger offer = provider.publishOffer(MarketLifecycleIT.terms(OfferKind.STANDARD, PRICE, 1))
                    .id();
            BigInteger rental =
                    tenant.rent(offer, 1, "ssh-ed25519 AAAA t@x", "victim").id();
            provider.accept(rental, "ssh");
            new DevRpc(anvil.rpcUrl()).advance(3600);

            governance.send(token.arm(market.getContractAddress(), rental));
            BigInteger before = provider.balanceOf(provider.address());
            BigInteger treasuryBefore = provider.balanceOf(treasury);
            provider.claim(rental);

            BigInteger fee = PRICE.multiply(BigInteger.valueOf(200)).divide(BigInteger.valueOf(10_000));
            assertEquals(before.add(PRICE).subtract(fee), provider.balanceOf(provider.address()), "paid once");
            assertEquals(treasuryBefore.add(fee), provider.balanceOf(treasury));
            assertEquals(BigInteger.ZERO, provider.balanceOf(market.getContractAddress()), "escrow fully paid out");
            byte[] refusal = governance.send(token.lastReentryError());
            assertEquals(
                    "ReentrancyGuardReentrantCall",
                    new RevertDecoder().decode(Numeric.toHexString(refusal)).errorName());
        }
    }
}

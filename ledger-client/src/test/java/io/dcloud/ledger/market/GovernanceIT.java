package io.dcloud.ledger.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.ledger.TestChain;
import io.dcloud.ledger.chain.Deployer;
import io.dcloud.ledger.chain.Deployment;
import io.dcloud.ledger.contracts.DcloudMarket;
import io.dcloud.ledger.contracts.DcloudToken;
import io.dcloud.ledger.tx.ContractRevert;
import io.dcloud.ledger.tx.LedgerSession;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Governance: only the owner changes parameters, ownership moves in two steps, and changed parameters are what payouts
 * and penalties use. Account 0 governs, 1 provides, 2 rents, 3 is a stranger (and a small tenant).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernanceIT {
    static final BigInteger PRICE = BigInteger.valueOf(36_000_000_000L);
    static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    static final String NEW_TREASURY = "0x00000000000000000000000000000000000fee01";
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGk5 t@x";

    TestChain chain;
    LedgerSession gov;
    LedgerSession providerSession;
    LedgerSession tenantSession;
    LedgerSession strangerSession;
    Marketplace provider;
    Marketplace tenant;
    Marketplace stranger;
    BigInteger offerId;
    final Map<String, Long> gas = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        chain = TestChain.start();
        gov = chain.session(0);
        providerSession = chain.session(1);
        tenantSession = chain.session(2);
        strangerSession = chain.session(3);
        provider = chain.marketplace(providerSession);
        tenant = chain.marketplace(tenantSession);
        stranger = chain.marketplace(strangerSession);
        provider.registerProvider(MarketLifecycleIT.profile());
        offerId = provider.publishOffer(
                        new OfferTerms(OfferKind.STANDARD, 2, 2048, 20, 0, "", 100, "eu-central", PRICE, 1, 10, 50))
                .id();
    }

    @AfterAll
    void stop() {
        gas.forEach((fn, used) -> System.out.printf("gas %-26s %,d%n", fn, used));
        List.of(gov, providerSession, tenantSession, strangerSession).forEach(LedgerSession::close);
        chain.close();
    }

    @Test
    void onlyGovernanceSetsMarketParameters() {
        DcloudMarket asStranger = market(strangerSession);
        DcloudMarket asGov = market(gov);
        BigInteger fee = gov.send(asGov.feeBps());
        String treasury = gov.send(asGov.treasury());
        assertUnauthorized(strangerSession, asStranger.setTreasury(TestChain.address(3)));
        assertUnauthorized(strangerSession, asStranger.setFeeBps(BigInteger.ONE));
        assertUnauthorized(strangerSession, asStranger.setPenaltyFactor(BigInteger.TEN));
        assertUnauthorized(strangerSession, asStranger.setAcceptWindow(BigInteger.ONE));
        assertUnauthorized(strangerSession, asStranger.setRegistrationFee(BigInteger.ZERO));
        assertUnauthorized(strangerSession, asStranger.transferOwnership(strangerSession.address()));
        assertUnauthorized(providerSession, market(providerSession).setFeeBps(BigInteger.ZERO));
        assertEquals(fee, gov.send(asGov.feeBps()));
        assertEquals(treasury, gov.send(asGov.treasury()));
        assertEquals(gov.address(), gov.send(asGov.owner()));
    }

    @Test
    void onlyGovernanceSetsTokenParameters() {
        DcloudToken asStranger = token(strangerSession);
        assertUnauthorized(strangerSession, asStranger.setTreasury(TestChain.address(3)));
        assertUnauthorized(strangerSession, asStranger.setReputationSource(TestChain.address(3)));
        assertUnauthorized(strangerSession, asStranger.transferOwnership(strangerSession.address()));
        assertEquals(chain.deployment().treasury(), gov.send(token(gov).treasury()));
        assertEquals(chain.deployment().market(), gov.send(token(gov).reputationSource()));
    }

    @Test
    void ownershipMovesInTwoStepsAndTheOldOwnerIsRefused() {
        Deployment fresh = new Deployer(gov)
                .deployForTests(chain.anvil().rpcUrl(), TestChain.address(4), List.of(), BigInteger.ZERO);
        LedgerSession heir = strangerSession;
        DcloudMarket market = gov.market(fresh.market());
        record("transferOwnership", gov.send(market.transferOwnership(heir.address())));
        assertEquals(gov.address(), gov.send(market.owner()), "nothing moves before the heir accepts");
        assertEquals(heir.address(), gov.send(market.pendingOwner()));
        assertUnauthorized(tenantSession, tenantSession.market(fresh.market()).acceptOwnership());
        record("acceptOwnership", heir.send(heir.market(fresh.market()).acceptOwnership()));
        assertEquals(heir.address(), gov.send(market.owner()));
        assertEquals(ZERO_ADDRESS, gov.send(market.pendingOwner()));
        assertUnauthorized(gov, market.setFeeBps(BigInteger.valueOf(300)));
        heir.send(heir.market(fresh.market()).setFeeBps(BigInteger.valueOf(300)));
        assertEquals(BigInteger.valueOf(300), gov.send(market.feeBps()));

        DcloudToken token = gov.token(fresh.token());
        record("token transferOwnership", gov.send(token.transferOwnership(heir.address())));
        assertUnauthorized(tenantSession, tenantSession.token(fresh.token()).acceptOwnership());
        record("token acceptOwnership", heir.send(heir.token(fresh.token()).acceptOwnership()));
        assertEquals(heir.address(), gov.send(token.owner()));
        assertUnauthorized(gov, token.setTreasury(NEW_TREASURY));
        heir.send(heir.token(fresh.token()).setTreasury(NEW_TREASURY));
        assertEquals(NEW_TREASURY, gov.send(token.treasury()));
    }

    @Test
    void penaltyClampsTheTargetAtZero() {
        earn(tenant, 3600);
        earn(stranger, 600);
        BigInteger callerRep = tenant.reputationOf(tenant.address());
        BigInteger targetRep = tenant.reputationOf(stranger.address());
        BigInteger factor = gov.send(market(gov).penaltyFactor());
        assertTrue(targetRep.signum() > 0 && callerRep.compareTo(targetRep) >= 0, callerRep + " vs " + targetRep);
        assertTrue(factor.compareTo(BigInteger.ONE) > 0, "amount x factor exceeds what the target has");

        TransactionReceipt receipt = tenant.penalize(stranger.address(), targetRep);
        var penalized = DcloudMarket.getPenalizedEvents(receipt).getFirst();
        assertEquals(targetRep, penalized.cost);
        assertEquals(targetRep, penalized.loss, "the loss is what the target had, not amount x factor");
        assertEquals(BigInteger.ZERO, tenant.reputationOf(stranger.address()), "never below zero");
        assertEquals(callerRep.subtract(targetRep), tenant.reputationOf(tenant.address()));
    }

    @Test
    void penalizeUsesTheChangedPenaltyFactor() {
        earn(tenant, 3600);
        BigInteger callerRep = tenant.reputationOf(tenant.address());
        BigInteger targetRep = tenant.reputationOf(provider.address());
        BigInteger amount = callerRep.divide(BigInteger.valueOf(10));
        DcloudMarket asGov = market(gov);
        record("setPenaltyFactor", gov.send(asGov.setPenaltyFactor(BigInteger.valueOf(3))));
        try {
            TransactionReceipt receipt = tenant.penalize(provider.address(), amount);
            assertEquals(
                    amount.multiply(BigInteger.valueOf(3)),
                    DcloudMarket.getPenalizedEvents(receipt).getFirst().loss);
            assertEquals(
                    targetRep.subtract(amount.multiply(BigInteger.valueOf(3))),
                    tenant.reputationOf(provider.address()));
            assertEquals(callerRep.subtract(amount), tenant.reputationOf(tenant.address()));
        } finally {
            gov.send(asGov.setPenaltyFactor(BigInteger.TWO));
        }
    }

    @Test
    void claimUsesTheChangedFeeAndTreasury() {
        DcloudMarket asGov = market(gov);
        String oldTreasury = gov.send(asGov.treasury());
        record("setFeeBps", gov.send(asGov.setFeeBps(BigInteger.valueOf(500))));
        record("setTreasury", gov.send(asGov.setTreasury(NEW_TREASURY)));
        try {
            BigInteger providerBefore = provider.balanceOf(provider.address());
            BigInteger oldTreasuryBefore = provider.balanceOf(oldTreasury);
            BigInteger newTreasuryBefore = provider.balanceOf(NEW_TREASURY);
            var claimed = earn(tenant, 3600);
            BigInteger fee = claimed.amount.multiply(BigInteger.valueOf(500)).divide(BigInteger.valueOf(10_000));
            assertEquals(PRICE, claimed.amount);
            assertEquals(fee, claimed.fee, "5% of the amount");
            assertEquals(newTreasuryBefore.add(fee), provider.balanceOf(NEW_TREASURY));
            assertEquals(oldTreasuryBefore, provider.balanceOf(oldTreasury));
            assertEquals(providerBefore.add(claimed.amount).subtract(fee), provider.balanceOf(provider.address()));
        } finally {
            gov.send(asGov.setFeeBps(BigInteger.valueOf(200)));
            gov.send(asGov.setTreasury(oldTreasury));
        }
    }

    @Test
    void reclaimUsesTheChangedAcceptWindowAndRegistrationUsesTheChangedFee() {
        DcloudMarket asGov = market(gov);
        record("setAcceptWindow", gov.send(asGov.setAcceptWindow(BigInteger.valueOf(60))));
        try {
            BigInteger id = tenant.rent(offerId, 1, KEY, "window").id();
            chain.advance(61);
            tenant.reclaim(id);
            assertEquals(RentalState.RECLAIMED, tenant.rental(id).state(), "reclaimable after 60 s, not 1 h");
        } finally {
            gov.send(asGov.setAcceptWindow(BigInteger.valueOf(3600)));
        }
        record("setRegistrationFee", gov.send(asGov.setRegistrationFee(BigInteger.valueOf(3))));
        assertEquals(BigInteger.valueOf(3), gov.send(asGov.registrationFee()));
        gov.send(asGov.setRegistrationFee(BigInteger.valueOf(10_000_000_000L)));
    }

    @Test
    void governanceChangesTheTokenParameters() {
        DcloudToken asGov = token(gov);
        record("token setTreasury", gov.send(asGov.setTreasury(NEW_TREASURY)));
        assertEquals(NEW_TREASURY, gov.send(asGov.treasury()));
        gov.send(asGov.setTreasury(chain.deployment().treasury()));
        record(
                "token setReputationSource",
                gov.send(asGov.setReputationSource(chain.deployment().market())));
        assertEquals(chain.deployment().market(), gov.send(asGov.reputationSource()));
    }

    /** Rents for an hour, lets {@code seconds} accrue, and has the provider claim: both sides gain reputation. */
    private DcloudMarket.PaymentClaimedEventResponse earn(Marketplace renter, long seconds) {
        BigInteger id = renter.rent(offerId, 1, KEY, "earn").id();
        provider.accept(id, "ssh");
        chain.advance(seconds);
        return DcloudMarket.getPaymentClaimedEvents(provider.claim(id)).getFirst();
    }

    private DcloudMarket market(LedgerSession session) {
        return session.market(chain.deployment().market());
    }

    private DcloudToken token(LedgerSession session) {
        return session.token(chain.deployment().token());
    }

    private void record(String function, TransactionReceipt receipt) {
        gas.merge(function, receipt.getGasUsed().longValueExact(), Math::max);
    }

    private static void assertUnauthorized(LedgerSession caller, RemoteFunctionCall<TransactionReceipt> call) {
        Executable send = () -> caller.send(call);
        ContractRevert revert = assertThrows(ContractRevert.class, send);
        assertEquals("OwnableUnauthorizedAccount", revert.errorName());
        assertTrue(revert.arguments().getFirst().equalsIgnoreCase(caller.address()), revert.getMessage());
    }
}

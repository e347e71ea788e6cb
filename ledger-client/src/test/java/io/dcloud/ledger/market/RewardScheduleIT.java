package io.dcloud.ledger.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.ledger.TestChain;
import io.dcloud.ledger.chain.Deployer;
import io.dcloud.ledger.contracts.DcloudToken;
import io.dcloud.ledger.tx.ContractRevert;
import io.dcloud.ledger.tx.LedgerSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.web3j.protocol.core.DefaultBlockParameterName;

/** DCT mints only by the schedule: per elapsed period, once per participant, never more than the period reward. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RewardScheduleIT {
    static final BigInteger REWARD = BigInteger.valueOf(50_000_000_000L);

    TestChain chain;
    LedgerSession a;
    LedgerSession b;
    LedgerSession c;

    @BeforeAll
    void start() {
        chain = TestChain.start();
        a = chain.session(1);
        b = chain.session(2);
        c = chain.session(3);
    }

    @AfterAll
    void stop() {
        a.close();
        b.close();
        c.close();
        chain.close();
    }

    @Test
    void scheduleHalvesEvery210000Periods() {
        DcloudToken token = token(a);
        assertEquals(9, a.send(token.decimals()).intValue());
        assertEquals(REWARD, a.send(token.periodReward(BigInteger.ZERO)));
        assertEquals(REWARD.shiftRight(1), a.send(token.periodReward(BigInteger.valueOf(210_000))));
        assertEquals(BigInteger.ZERO, a.send(token.periodReward(BigInteger.valueOf(210_000L * 64))));
        assertEquals(REWARD.divide(BigInteger.valueOf(100)), a.send(token.participationFee(BigInteger.ZERO)));
    }

    @Test
    void participantsShareThePeriodRewardOnce() {
        DcloudToken token = token(a);
        String treasury = chain.deployment().treasury();
        chain.advance(600);
        BigInteger period = a.send(token.currentPeriod());
        BigInteger supply = a.send(token.totalSupply());
        BigInteger treasuryBefore = a.send(token.balanceOf(treasury));

        System.out.printf(
                "gas participate %,d%n", a.send(token(a).participate()).getGasUsed());
        b.send(token(b).participate());
        assertEquals("AlreadyParticipating", revertOf(() -> b.send(token(b).participate())));
        assertEquals(treasuryBefore.add(REWARD.divide(BigInteger.valueOf(50))), a.send(token.balanceOf(treasury)));
        assertEquals("PeriodNotElapsed", revertOf(() -> c.send(token(c).distribute(period, a.address()))));

        chain.advance(600);
        System.out.printf(
                "gas distribute %,d%n",
                c.send(token(c).distribute(period, a.address())).getGasUsed());
        c.send(token(c).distribute(period, b.address()));
        assertEquals("NotParticipant", revertOf(() -> c.send(token(c).distribute(period, a.address()))));
        assertEquals("NotParticipant", revertOf(() -> c.send(token(c).distribute(period, c.address()))));
        BigInteger minted = a.send(token.totalSupply()).subtract(supply);
        assertTrue(minted.compareTo(REWARD) <= 0, "never more than the period reward: " + minted);
        assertTrue(REWARD.subtract(minted).compareTo(BigInteger.TWO) <= 0, "rounding loses at most 1 unit each");
    }

    /**
     * The period reward is split by weight 1 + sqrt(reputation): an account with reputation R gets (1 + sqrt R) / (2 +
     * sqrt R) of it, a newcomer without reputation the rest (without the "+ 1" it would get nothing).
     */
    @Test
    void rewardIsSplitByOnePlusTheSquareRootOfReputation() {
        Marketplace provider = chain.marketplace(a);
        Marketplace tenant = chain.marketplace(b);
        provider.registerProvider(MarketLifecycleIT.profile());
        BigInteger offer = provider.publishOffer(
                        MarketLifecycleIT.terms(OfferKind.STANDARD, BigInteger.valueOf(36_000_000_000L), 1))
                .id();
        BigInteger rental = tenant.rent(offer, 1, "ssh-ed25519 AAAA t@x", "rep").id();
        provider.accept(rental, "ssh");
        chain.advance(3600);
        provider.claim(rental);
        BigInteger reputation = provider.reputationOf(a.address());
        assertTrue(reputation.signum() > 0);
        assertEquals(BigInteger.ZERO, provider.reputationOf(c.address()), "c is a newcomer");

        DcloudToken token = token(a);
        startOfNextPeriod(token);
        BigInteger period = a.send(token.currentPeriod());
        a.send(token(a).participate());
        c.send(token(c).participate());
        assertEquals(period, a.send(token.currentPeriod()), "both joined the same period");
        BigInteger weightA = BigInteger.ONE.add(reputation.sqrt());
        assertEquals(weightA, a.send(token.weightOf(period, a.address())));
        assertEquals(BigInteger.ONE, a.send(token.weightOf(period, c.address())));
        assertEquals(weightA.add(BigInteger.ONE), a.send(token.totalWeight(period)));

        chain.advance(600);
        BigInteger balanceA = a.send(token.balanceOf(a.address()));
        BigInteger balanceC = a.send(token.balanceOf(c.address()));
        b.send(token(b).distribute(period, a.address()));
        b.send(token(b).distribute(period, c.address()));
        BigInteger total = weightA.add(BigInteger.ONE);
        BigInteger shareA = REWARD.multiply(weightA).divide(total);
        BigInteger shareC = REWARD.divide(total);
        assertEquals(balanceA.add(shareA), a.send(token.balanceOf(a.address())));
        assertEquals(balanceC.add(shareC), a.send(token.balanceOf(c.address())));
        assertTrue(shareA.compareTo(shareC.multiply(BigInteger.TEN)) > 0, shareA + " vs " + shareC);
    }

    @Test
    void productionTokenStartsWithNothing() {
        try (LedgerSession deployer = chain.session(0)) {
            var deployment = new Deployer(deployer).deployProduction("unused", TestChain.address(4));
            DcloudToken production = deployer.token(deployment.token());
            assertEquals(BigInteger.ZERO, deployer.send(production.totalSupply()));
            assertEquals(deployment.market(), deployer.send(production.reputationSource()));
        }
    }

    /** Moves chain time to the start of the next reward period, so the next few transactions share a period. */
    private void startOfNextPeriod(DcloudToken token) {
        try {
            BigInteger now = a.web3j()
                    .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)
                    .send()
                    .getBlock()
                    .getTimestamp();
            BigInteger intoPeriod = now.subtract(a.send(token.genesis())).mod(BigInteger.valueOf(600));
            chain.advance(600 - intoPeriod.longValueExact());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DcloudToken token(LedgerSession session) {
        return session.token(chain.deployment().token());
    }

    private static String revertOf(Executable call) {
        return assertThrows(ContractRevert.class, call).errorName();
    }
}

package io.dcloud.ledger.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.ledger.TestChain;
import io.dcloud.ledger.contracts.DcloudMarket;
import io.dcloud.ledger.tx.ContractRevert;
import io.dcloud.ledger.tx.LedgerSession;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The provider's early end ({@code terminate}) on a real anvil: the accrued part paid with the fee and reputation of a
 * claim, the rest refunded to the tenant, the stock restored, and every wrong caller or state refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderTerminationIT {
    static final BigInteger PRICE = MarketLifecycleIT.PRICE;
    static final BigInteger FEE_BPS = BigInteger.valueOf(200);

    TestChain chain;
    List<LedgerSession> sessions;
    Marketplace provider;
    Marketplace tenant;
    Marketplace stranger;
    String treasury;
    BigInteger offerId;

    @BeforeAll
    void deploy() {
        chain = TestChain.start();
        sessions = List.of(chain.session(1), chain.session(2), chain.session(3));
        provider = chain.marketplace(sessions.get(0));
        tenant = chain.marketplace(sessions.get(1));
        stranger = chain.marketplace(sessions.get(2));
        treasury = chain.deployment().treasury();
        provider.registerProvider(MarketLifecycleIT.profile());
        offerId = provider.publishOffer(MarketLifecycleIT.terms(OfferKind.STANDARD, PRICE, 3))
                .id();
    }

    @AfterAll
    void stop() {
        sessions.forEach(LedgerSession::close);
        chain.close();
    }

    @Test
    void activeRentalPaysTheAccruedPartAndRefundsTheRest() {
        BigInteger id =
                tenant.rent(offerId, 3, MarketLifecycleIT.SSH_KEY, "forced").id();
        provider.accept(id, "ssh -p 20010 root@forced.provider.example");
        chain.advance(1800);
        BigInteger claimed =
                DcloudMarket.getPaymentClaimedEvents(provider.claim(id)).getFirst().amount;
        chain.advance(600);
        int stock = tenant.listing(offerId).terms().stock();
        BigInteger tenantBefore = tenant.balanceOf(tenant.address());
        BigInteger providerBefore = provider.balanceOf(provider.address());
        BigInteger treasuryBefore = provider.balanceOf(treasury);
        BigInteger providerRep = provider.reputationOf(provider.address());
        BigInteger tenantRep = provider.reputationOf(tenant.address());

        TransactionReceipt receipt = provider.terminate(id);
        long gas = receipt.getGasUsed().longValueExact();
        System.out.printf("gas terminate (active, with payout) %,d%n", gas);
        assertTrue(gas < 100_000, "terminate used " + gas + " gas, target < 100,000");

        RentalView ended = tenant.rental(id);
        assertEquals(RentalState.ENDED, ended.state());
        BigInteger accrued =
                PRICE.multiply(BigInteger.valueOf(ended.durationSeconds())).divide(BigInteger.valueOf(3600));
        assertTrue(ended.durationSeconds() >= 2400, "ran at least 40 minutes, got " + ended.durationSeconds());
        var payment = DcloudMarket.getPaymentClaimedEvents(receipt).getFirst();
        assertEquals(accrued.subtract(claimed), payment.amount, "pays what accrued since the last claim");
        BigInteger fee = payment.amount.multiply(FEE_BPS).divide(BigInteger.valueOf(10_000));
        assertEquals(fee, payment.fee);
        assertEquals(treasuryBefore.add(fee), provider.balanceOf(treasury));
        assertEquals(providerBefore.add(payment.amount).subtract(fee), provider.balanceOf(provider.address()));
        BigInteger gain = payment.amount.divide(BigInteger.valueOf(100));
        assertEquals(providerRep.add(gain), provider.reputationOf(provider.address()));
        assertEquals(tenantRep.add(gain), provider.reputationOf(tenant.address()));

        var terminated = DcloudMarket.getRentalTerminatedEvents(receipt).getFirst();
        assertEquals(provider.address(), terminated.provider);
        assertEquals(PRICE.multiply(BigInteger.valueOf(3)).subtract(accrued), terminated.refund);
        assertEquals(tenantBefore.add(terminated.refund), tenant.balanceOf(tenant.address()));
        assertEquals(stock + 1, tenant.listing(offerId).terms().stock(), "stock back at once");
        assertEquals(BigInteger.ZERO, ended.claimable());
        assertEquals(
                "NothingToClaim",
                assertThrows(ContractRevert.class, () -> provider.claim(id)).errorName());
        assertEquals(
                "InvalidState",
                assertThrows(ContractRevert.class, () -> tenant.end(id)).errorName());
    }

    /**
     * The gas estimate sees the chain as it is now: a terminate estimated in the second of the acceptance accrued
     * nothing there and skips the payout, but the block that includes it may be a second later and pay out. That
     * costlier path must fit in the gas limit too (an admin's force-end once failed this way).
     */
    @Test
    void aTerminateEstimatedBeforeAnythingAccruedStillPaysWhenMinedLater() throws Exception {
        BigInteger id =
                tenant.rent(offerId, 1, MarketLifecycleIT.SSH_KEY, "quick").id();
        chain.freezeBlockTime();
        var terminated = new CompletableFuture<TransactionReceipt>();
        long startedAt;
        try {
            provider.accept(id, "ssh");
            startedAt = tenant.rental(id).startedAt();
            chain.setAutomine(false);
            Thread.ofPlatform().start(() -> {
                try {
                    terminated.complete(provider.terminate(id));
                } catch (RuntimeException e) {
                    terminated.completeExceptionally(e);
                }
            });
            awaitPendingTransaction();
            chain.unfreezeBlockTime();
            chain.mineAt(startedAt + 60); // exact: after unfreezing, the clock may have passed a second boundary
        } finally {
            chain.setAutomine(true);
            chain.unfreezeBlockTime();
        }

        TransactionReceipt receipt = terminated.get(30, TimeUnit.SECONDS);
        assertEquals(60, tenant.rental(id).durationSeconds(), "mined a minute after the acceptance");
        assertEquals(
                PRICE.divide(BigInteger.valueOf(60)),
                DcloudMarket.getPaymentClaimedEvents(receipt).getFirst().amount,
                "the minute that accrued is paid");
    }

    private void awaitPendingTransaction() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (chain.pendingTransactions() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the terminate never reached the mempool");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void requestedRentalIsRefundedInFull() {
        BigInteger before = tenant.balanceOf(tenant.address());
        BigInteger providerBefore = provider.balanceOf(provider.address());
        BigInteger id =
                tenant.rent(offerId, 2, MarketLifecycleIT.SSH_KEY, "never").id();
        int stock = tenant.listing(offerId).terms().stock();

        TransactionReceipt receipt = provider.terminate(id);

        assertEquals(RentalState.REJECTED, tenant.rental(id).state());
        assertEquals(before, tenant.balanceOf(tenant.address()));
        assertEquals(providerBefore, provider.balanceOf(provider.address()));
        assertTrue(DcloudMarket.getPaymentClaimedEvents(receipt).isEmpty(), "nothing accrued, nothing paid");
        assertEquals(
                PRICE.multiply(BigInteger.TWO),
                DcloudMarket.getRentalTerminatedEvents(receipt).getFirst().refund);
        assertEquals(stock + 1, tenant.listing(offerId).terms().stock());
        assertEquals(
                "InvalidState",
                assertThrows(ContractRevert.class, () -> provider.accept(id, "late"))
                        .errorName());
    }

    @Test
    void onlyTheProviderTerminatesAndOnlyWhileRequestedOrActive() {
        BigInteger id =
                tenant.rent(offerId, 1, MarketLifecycleIT.SSH_KEY, "guarded").id();
        provider.accept(id, "ssh");
        assertReverts("NotProvider", () -> tenant.terminate(id));
        assertReverts("NotProvider", () -> stranger.terminate(id));
        assertReverts("RentalNotFound", () -> provider.terminate(BigInteger.valueOf(9_999)));

        chain.advance(3601);
        assertEquals(RentalState.EXPIRED, tenant.rental(id).state());
        assertReverts("InvalidState", () -> provider.terminate(id));

        BigInteger ended =
                tenant.rent(offerId, 1, MarketLifecycleIT.SSH_KEY, "ended").id();
        provider.accept(ended, "ssh");
        tenant.end(ended);
        assertReverts("InvalidState", () -> provider.terminate(ended));

        BigInteger rejected =
                tenant.rent(offerId, 1, MarketLifecycleIT.SSH_KEY, "rejected").id();
        provider.reject(rejected);
        assertReverts("InvalidState", () -> provider.terminate(rejected));
    }

    private static void assertReverts(String error, Executable call) {
        assertEquals(error, assertThrows(ContractRevert.class, call).errorName());
    }
}

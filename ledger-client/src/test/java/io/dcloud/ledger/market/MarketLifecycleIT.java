package io.dcloud.ledger.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.ledger.TestChain;
import io.dcloud.ledger.contracts.DcloudMarket;
import io.dcloud.ledger.tx.ContractRevert;
import io.dcloud.ledger.tx.LedgerSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The whole rental lifecycle on a real anvil, with the money and reputation checked to the base unit. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarketLifecycleIT {
    static final BigInteger PRICE = BigInteger.valueOf(36_000_000_000L); // 36 DCT per hour = 0.01 DCT per second
    static final String SSH_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGk5hd0bU9Y1r5Y7Pp1mXaH6vB9W6aJ3aVq8T1d7hZ9x t@x";

    TestChain chain;
    LedgerSession providerSession;
    LedgerSession tenantSession;
    Marketplace provider;
    Marketplace tenant;
    String treasury;
    BigInteger offerId;
    final Map<String, Long> gas = new LinkedHashMap<>();

    @BeforeAll
    void startChain() {
        chain = TestChain.start();
        providerSession = chain.session(1);
        tenantSession = chain.session(2);
        provider = chain.marketplace(providerSession);
        tenant = chain.marketplace(tenantSession);
        treasury = chain.deployment().treasury();

        BigInteger treasuryBefore = provider.balanceOf(treasury);
        record("registerProvider", provider.registerProvider(profile()));
        record("checkIn", provider.checkIn());
        assertEquals(
                BigInteger.valueOf(10_000_000_000L),
                provider.balanceOf(treasury).subtract(treasuryBefore));
        Marketplace.Created offer = provider.publishOffer(terms(OfferKind.SEV_SNP, PRICE, 3));
        record("publishOffer", offer.receipt());
        offerId = offer.id();
    }

    @AfterAll
    void stopChain() {
        gas.forEach((fn, used) -> System.out.printf("gas %-18s %,d%n", fn, used));
        providerSession.close();
        tenantSession.close();
        chain.close();
    }

    @Test
    void providerProfileCanBeUpdated() {
        assertEquals("provider.example", tenant.profileOf(provider.address()).domain());
        ProviderProfile moved = new ProviderProfile(
                "Example Hosting",
                "Example Hosting GmbH",
                "ops@provider.example",
                "DE",
                "https://provider.example",
                "cloud.provider.example",
                new byte[] {4});
        record("updateProvider", provider.updateProvider(moved));
        ProviderProfile read = tenant.profileOf(provider.address());
        assertEquals("cloud.provider.example", read.domain());
        assertEquals(4, read.publicKey()[0]);
        assertEquals(
                "NotRegistered",
                assertThrows(ContractRevert.class, () -> tenant.profileOf(tenant.address()))
                        .errorName());
    }

    @Test
    void searchFiltersAndRanks() {
        provider.publishOffer(terms(OfferKind.STANDARD, PRICE.shiftRight(1), 1));
        BigInteger paused = provider.publishOffer(terms(OfferKind.STANDARD, BigInteger.ONE, 1))
                .id();
        record("setOfferPaused", provider.pauseOffer(paused, true));
        record("updateOffer", provider.updateOffer(paused, terms(OfferKind.STANDARD, BigInteger.TWO, 1)));

        List<OfferListing> all = tenant.search(OfferQuery.any());
        assertTrue(all.stream().noneMatch(l -> l.id().equals(paused)), "paused offers are not listed");
        assertTrue(all.getFirst()
                        .terms()
                        .pricePerHour()
                        .compareTo(all.getLast().terms().pricePerHour())
                <= 0);

        OfferQuery snp = new OfferQuery(
                Optional.of(OfferKind.SEV_SNP),
                4,
                8192,
                0,
                0,
                Optional.empty(),
                Optional.of("eu-central"),
                Optional.of(PRICE),
                BigInteger.ZERO,
                OfferQuery.Sort.REPUTATION);
        List<OfferListing> found = tenant.search(snp);
        assertTrue(found.stream().anyMatch(l -> l.id().equals(offerId)));
        assertTrue(found.stream().allMatch(l -> l.terms().kind() == OfferKind.SEV_SNP));
        OfferQuery tooCheap = new OfferQuery(
                Optional.empty(),
                0,
                0,
                0,
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.of(PRICE.shiftRight(2)),
                BigInteger.ZERO,
                OfferQuery.Sort.PRICE);
        assertTrue(tenant.search(tooCheap).isEmpty());

        record("removeOffer", provider.removeOffer(paused));
        assertTrue(tenant.listing(paused).removed());
    }

    @Test
    void rentAcceptStreamClaimExtendAndEndEarly() {
        BigInteger tenantStart = tenant.balanceOf(tenant.address());
        Marketplace.Created rented = tenant.rent(offerId, 2, SSH_KEY, "web-1");
        record("rent", rented.receipt());
        BigInteger id = rented.id();
        var requested = DcloudMarket.getRentalRequestedEvents(rented.receipt()).getFirst();
        assertEquals(PRICE.multiply(BigInteger.TWO), requested.deposit);
        assertEquals("web-1", requested.label);
        assertEquals(SSH_KEY, new String(requested.sshKey, StandardCharsets.UTF_8));
        assertEquals(RentalState.REQUESTED, tenant.rental(id).state());
        assertEquals("0x2", transactionType(rented.receipt()), "EIP-1559 transaction");

        record("accept", provider.accept(id, "ssh -p 20010 root@web-1.provider.example"));
        assertEquals(RentalState.ACTIVE, tenant.rental(id).state());
        chain.advance(1800);

        Payout first = claimAndCheck(id);
        assertTrue(first.amount().compareTo(PRICE.shiftRight(1)) >= 0, "at least half an hour accrued");

        record("extend", tenant.extend(id, 1));
        assertEquals(3 * 3600, tenant.rental(id).durationSeconds());
        chain.advance(600);

        TransactionReceipt ended = tenant.end(id);
        record("end", ended);
        BigInteger refund = DcloudMarket.getRentalEndedEvents(ended).getFirst().refund;
        RentalView afterEnd = tenant.rental(id);
        assertEquals(RentalState.ENDED, afterEnd.state());
        BigInteger accrued = afterEnd.pricePerHour()
                .multiply(BigInteger.valueOf(afterEnd.durationSeconds()))
                .divide(BigInteger.valueOf(3600));
        assertEquals(PRICE.multiply(BigInteger.valueOf(3)), accrued.add(refund), "escrow = accrued + refund");

        Payout second = claimAndCheck(id);
        assertEquals(accrued, first.amount().add(second.amount()));
        assertEquals(tenantStart.subtract(accrued), tenant.balanceOf(tenant.address()));
        ContractRevert again = assertThrows(ContractRevert.class, () -> provider.claim(id));
        assertEquals("NothingToClaim", again.errorName());
    }

    @Test
    void rentWithAnRsa4096KeyStaysUnderTheGasTarget() throws IOException {
        String rsaKey = rsa4096Key();
        assertTrue(rsaKey.length() > 700, "a real RSA-4096 OpenSSH line: " + rsaKey.length());
        Marketplace.Created rented = tenant.rent(offerId, 1, rsaKey, "rsa");
        record("rent", rented.receipt());
        var requested = DcloudMarket.getRentalRequestedEvents(rented.receipt()).getFirst();
        assertEquals(rsaKey, new String(requested.sshKey, StandardCharsets.UTF_8));
        provider.reject(rented.id());
    }

    @Test
    void expiresAndDoubleClaimPaysNothing() {
        BigInteger id = tenant.rent(offerId, 1, SSH_KEY, "batch").id();
        provider.accept(id, "ssh -p 20020 root@batch.provider.example");
        chain.advance(3601);
        assertEquals(RentalState.EXPIRED, tenant.rental(id).state());
        int stockBefore = tenant.listing(offerId).terms().stock();

        Payout payout = claimAndCheck(id);
        assertEquals(PRICE, payout.amount(), "the whole escrow once expired");
        assertEquals(stockBefore + 1, tenant.listing(offerId).terms().stock(), "stock back after settlement");

        BigInteger providerBalance = provider.balanceOf(provider.address());
        BigInteger treasuryBalance = provider.balanceOf(treasury);
        ContractRevert again = assertThrows(ContractRevert.class, () -> provider.claim(id));
        assertEquals("NothingToClaim", again.errorName());
        assertEquals(providerBalance, provider.balanceOf(provider.address()));
        assertEquals(treasuryBalance, provider.balanceOf(treasury));
        ContractRevert extend = assertThrows(ContractRevert.class, () -> tenant.extend(id, 1));
        assertEquals("InvalidState", extend.errorName());
    }

    @Test
    void rejectRefundsEverything() {
        BigInteger before = tenant.balanceOf(tenant.address());
        BigInteger id = tenant.rent(offerId, 3, SSH_KEY, "gone").id();
        assertEquals(before.subtract(PRICE.multiply(BigInteger.valueOf(3))), tenant.balanceOf(tenant.address()));
        record("reject", provider.reject(id));
        assertEquals(before, tenant.balanceOf(tenant.address()));
        assertEquals(RentalState.REJECTED, tenant.rental(id).state());
        assertEquals(
                "InvalidState",
                assertThrows(ContractRevert.class, () -> provider.accept(id, "late"))
                        .errorName());
    }

    @Test
    void reclaimOnlyAfterTheAcceptWindow() {
        BigInteger before = tenant.balanceOf(tenant.address());
        BigInteger id = tenant.rent(offerId, 1, SSH_KEY, "silent").id();
        ContractRevert early = assertThrows(ContractRevert.class, () -> tenant.reclaim(id));
        assertEquals("AcceptWindowOpen", early.errorName());
        chain.advance(3600);
        record("reclaim", tenant.reclaim(id));
        assertEquals(before, tenant.balanceOf(tenant.address()));
        assertEquals(RentalState.RECLAIMED, tenant.rental(id).state());
    }

    @Test
    void penaltyCostsTheCallerAndTwiceThatToTheTarget() {
        BigInteger id = tenant.rent(offerId, 1, SSH_KEY, "rep").id();
        provider.accept(id, "ssh");
        chain.advance(3600);
        provider.claim(id);
        BigInteger tenantRep = tenant.reputationOf(tenant.address());
        BigInteger providerRep = tenant.reputationOf(provider.address());
        BigInteger amount = tenantRep.divide(BigInteger.TEN);

        record("penalize", tenant.penalize(provider.address(), amount));
        assertEquals(tenantRep.subtract(amount), tenant.reputationOf(tenant.address()));
        assertEquals(
                providerRep.subtract(amount.shiftLeft(1)).max(BigInteger.ZERO),
                tenant.reputationOf(provider.address()));

        ContractRevert tooMuch =
                assertThrows(ContractRevert.class, () -> tenant.penalize(provider.address(), tenantRep.shiftLeft(1)));
        assertEquals("InsufficientReputation", tooMuch.errorName());
        assertEquals(
                "SelfPenalty",
                assertThrows(ContractRevert.class, () -> tenant.penalize(tenant.address(), BigInteger.ONE))
                        .errorName());
    }

    @Test
    void concurrentSendsFromOneAccountGetDistinctNonces() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<Marketplace.Created>> sends = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sends.add(pool.submit(() -> provider.publishOffer(terms(OfferKind.GPU, PRICE, 1))));
            }
            Set<BigInteger> ids = new HashSet<>();
            for (Future<Marketplace.Created> send : sends) {
                ids.add(send.get().id());
            }
            assertEquals(6, ids.size());
        }
    }

    private String transactionType(TransactionReceipt receipt) {
        try {
            return providerSession
                    .web3j()
                    .ethGetTransactionByHash(receipt.getTransactionHash())
                    .send()
                    .getTransaction()
                    .orElseThrow()
                    .getType();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Claims and checks the split (2% to the treasury) and the reputation (+1% of the amount on both sides). */
    private Payout claimAndCheck(BigInteger id) {
        RentalView rental = provider.rental(id);
        BigInteger providerBalance = provider.balanceOf(provider.address());
        BigInteger treasuryBalance = provider.balanceOf(treasury);
        BigInteger providerRep = provider.reputationOf(provider.address());
        BigInteger tenantRep = provider.reputationOf(rental.tenant());

        TransactionReceipt receipt = provider.claim(id);
        record("claim", receipt);
        var event = DcloudMarket.getPaymentClaimedEvents(receipt).getFirst();
        BigInteger fee = event.amount.multiply(BigInteger.valueOf(200)).divide(BigInteger.valueOf(10_000));
        assertEquals(fee, event.fee);
        assertEquals(treasuryBalance.add(fee), provider.balanceOf(treasury));
        assertEquals(providerBalance.add(event.amount).subtract(fee), provider.balanceOf(provider.address()));
        BigInteger gain = event.amount.divide(BigInteger.valueOf(100));
        assertEquals(providerRep.add(gain), provider.reputationOf(provider.address()));
        assertEquals(tenantRep.add(gain), provider.reputationOf(rental.tenant()));
        return new Payout(event.amount, fee);
    }

    private void record(String function, TransactionReceipt receipt) {
        long used = receipt.getGasUsed().longValueExact();
        gas.merge(function, used, Math::max);
        long limit = function.equals("rent") ? 180_000 : 100_000;
        if (List.of("rent", "accept", "reject", "reclaim", "extend", "end", "claim")
                .contains(function)) {
            assertTrue(used < limit, function + " used " + used + " gas, target < " + limit);
        }
    }

    static String rsa4096Key() throws IOException {
        try (var in = MarketLifecycleIT.class.getResourceAsStream("/rsa4096.pub")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }

    static ProviderProfile profile() {
        return new ProviderProfile(
                "Example Hosting",
                "Example Hosting GmbH",
                "ops@provider.example",
                "DE",
                "https://provider.example",
                "provider.example",
                new byte[] {1, 2, 3});
    }

    static OfferTerms terms(OfferKind kind, BigInteger price, int stock) {
        return new OfferTerms(kind, 4, 8192, 80, 0, "", 1000, "eu-central", price, 1, 10, stock);
    }

    record Payout(BigInteger amount, BigInteger fee) {}
}

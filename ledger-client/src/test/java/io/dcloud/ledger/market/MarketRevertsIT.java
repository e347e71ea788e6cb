package io.dcloud.ledger.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dcloud.ledger.TestChain;
import io.dcloud.ledger.contracts.DcloudMarket;
import io.dcloud.ledger.contracts.DcloudToken;
import io.dcloud.ledger.tx.ContractRevert;
import io.dcloud.ledger.tx.LedgerSession;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/** Every unauthorized or invalid call is refused with its own custom error, decoded by name. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarketRevertsIT {
    static final BigInteger PRICE = BigInteger.valueOf(1_000_000_000L);

    TestChain chain;
    List<LedgerSession> sessions;
    Marketplace governance;
    Marketplace provider;
    Marketplace tenant;
    Marketplace stranger;
    LedgerSession strangerSession;
    BigInteger offerId;
    BigInteger requested;
    BigInteger active;

    @BeforeAll
    void deployAndRent() {
        chain = TestChain.start();
        sessions = List.of(chain.session(0), chain.session(1), chain.session(2), chain.session(3));
        governance = chain.marketplace(sessions.get(0));
        provider = chain.marketplace(sessions.get(1));
        tenant = chain.marketplace(sessions.get(2));
        stranger = chain.marketplace(sessions.get(3));
        strangerSession = sessions.get(3);
        provider.registerProvider(MarketLifecycleIT.profile());
        offerId = provider.publishOffer(MarketLifecycleIT.terms(OfferKind.STANDARD, PRICE, 5))
                .id();
        requested = tenant.rent(offerId, 2, "ssh-ed25519 AAAA t@x", "one").id();
        active = tenant.rent(offerId, 2, "ssh-ed25519 AAAA t@x", "two").id();
        provider.accept(active, "ssh -p 20000 root@two.provider.example");
    }

    @AfterAll
    void stop() {
        sessions.forEach(LedgerSession::close);
        chain.close();
    }

    @Test
    void onlyTheProviderAnswersAndClaims() {
        assertReverts("NotProvider", () -> stranger.accept(requested, "x"));
        assertReverts("NotProvider", () -> tenant.accept(requested, "x"));
        assertReverts("NotProvider", () -> stranger.reject(requested));
        assertReverts("NotProvider", () -> stranger.claim(active));
    }

    @Test
    void onlyTheTenantExtendsEndsAndReclaims() {
        assertReverts("NotTenant", () -> stranger.end(active));
        assertReverts("NotTenant", () -> provider.end(active));
        assertReverts("NotTenant", () -> stranger.reclaim(requested));
        assertReverts(
                "NotTenant",
                () -> strangerSession.send(marketOf(strangerSession).extend(active, BigInteger.ONE)));
    }

    @Test
    void transitionsFollowTheStateMachine() {
        assertReverts("InvalidState", () -> tenant.end(requested));
        assertReverts("InvalidState", () -> provider.accept(active, "again"));
        assertReverts("InvalidState", () -> provider.claim(requested));
        assertReverts("RentalNotFound", () -> tenant.rental(BigInteger.valueOf(999)));
        assertReverts("HoursOutOfRange", () -> tenant.extend(active, 9));
    }

    @Test
    void offersAreOwnedAndValidated() {
        assertReverts("NotRegistered", () -> stranger.publishOffer(MarketLifecycleIT.terms(OfferKind.GPU, PRICE, 1)));
        assertReverts(
                "NotOfferProvider",
                () -> stranger.updateOffer(offerId, MarketLifecycleIT.terms(OfferKind.GPU, PRICE, 1)));
        assertReverts("NotOfferProvider", () -> stranger.pauseOffer(offerId, true));
        assertReverts("NotOfferProvider", () -> stranger.removeOffer(offerId));
        LedgerSession tenantSession = sessions.get(2);
        assertReverts(
                "OfferNotFound",
                () -> tenantSession.send(
                        marketOf(tenantSession).rent(BigInteger.valueOf(77), BigInteger.ONE, new byte[] {1}, "l")));
        assertThrows(IllegalArgumentException.class, () -> tenant.rent(BigInteger.valueOf(77), 1, "k", "l"));
        assertReverts("AlreadyRegistered", () -> provider.registerProvider(MarketLifecycleIT.profile()));
        DcloudMarket.OfferSpec badKind = new DcloudMarket.OfferSpec(
                PRICE,
                BigInteger.ONE,
                BigInteger.TEN,
                BigInteger.ONE,
                BigInteger.valueOf(9),
                BigInteger.ONE,
                BigInteger.ONE,
                BigInteger.ZERO,
                BigInteger.ONE,
                BigInteger.ONE,
                new byte[32],
                new byte[32]);
        LedgerSession providerSession = sessions.get(1);
        assertReverts(
                "InvalidKind",
                () -> providerSession.send(marketOf(providerSession).publishOffer(badKind)));
    }

    @Test
    void profilesNeedANameAndADomain() {
        assertReverts(
                "EmptyProviderName",
                () -> strangerSession.send(marketOf(strangerSession).registerProvider(rawProfile("", "p.example"))));
        assertReverts(
                "EmptyProviderDomain",
                () -> strangerSession.send(marketOf(strangerSession).registerProvider(rawProfile("P", ""))));
        LedgerSession providerSession = sessions.get(1);
        assertReverts(
                "EmptyProviderName",
                () -> providerSession.send(marketOf(providerSession).updateProvider(rawProfile("", "p.example"))));
        assertReverts(
                "EmptyProviderDomain",
                () -> providerSession.send(marketOf(providerSession).updateProvider(rawProfile("P", ""))));
    }

    @Test
    void offerTermsAreValidated() {
        LedgerSession providerSession = sessions.get(1);
        DcloudMarket market = marketOf(providerSession);
        assertReverts("InvalidHourRange", () -> providerSession.send(market.publishOffer(rawSpec(PRICE, 0, 10, 4, 1))));
        assertReverts("InvalidHourRange", () -> providerSession.send(market.publishOffer(rawSpec(PRICE, 5, 4, 4, 1))));
        assertReverts(
                "InvalidHourRange",
                () -> providerSession.send(market.updateOffer(offerId, rawSpec(PRICE, 3, 2, 4, 1))));
        assertReverts(
                "ZeroPrice", () -> providerSession.send(market.publishOffer(rawSpec(BigInteger.ZERO, 1, 10, 4, 1))));
        assertReverts("ZeroCapacity", () -> providerSession.send(market.publishOffer(rawSpec(PRICE, 1, 10, 0, 1))));
        assertReverts("ZeroCapacity", () -> providerSession.send(market.publishOffer(rawSpec(PRICE, 1, 10, 4, 0))));
        assertEquals(PRICE, provider.listing(offerId).terms().pricePerHour(), "a refused update changes nothing");
    }

    @Test
    void rentNeedsAnSshKey() {
        LedgerSession tenantSession = sessions.get(2);
        assertReverts(
                "EmptySshKey",
                () -> tenantSession.send(marketOf(tenantSession).rent(offerId, BigInteger.ONE, new byte[0], "nokey")));
    }

    @Test
    void penaltiesAndWindowsMustNotBeZero() {
        assertReverts("ZeroAmount", () -> tenant.penalize(provider.address(), BigInteger.ZERO));
        LedgerSession gov = sessions.get(0);
        assertReverts("ZeroAcceptWindow", () -> gov.send(marketOf(gov).setAcceptWindow(BigInteger.ZERO)));
        assertReverts(
                "ZeroAddress", () -> gov.send(tokenOf(gov).setTreasury("0x0000000000000000000000000000000000000000")));
    }

    @Test
    void rentChecksTheOfferAndTheRequest() {
        assertReverts("HoursOutOfRange", () -> tenant.rent(offerId, 11, "ssh-ed25519 AAAA", "l"));
        assertReverts("InvalidLabel", () -> tenant.rent(offerId, 1, "ssh-ed25519 AAAA", ""));
        assertReverts("InvalidLabel", () -> tenant.rent(offerId, 1, "ssh-ed25519 AAAA", "x".repeat(64)));
        BigInteger single = provider.publishOffer(MarketLifecycleIT.terms(OfferKind.TDX, PRICE, 1))
                .id();
        tenant.rent(single, 1, "ssh-ed25519 AAAA", "only");
        assertReverts("OutOfStock", () -> tenant.rent(single, 1, "ssh-ed25519 AAAA", "more"));
        provider.pauseOffer(single, true);
        assertReverts("OfferUnavailable", () -> tenant.rent(single, 1, "ssh-ed25519 AAAA", "more"));
        provider.removeOffer(single);
        assertReverts("OfferRemoved", () -> provider.pauseOffer(single, false));
    }

    @Test
    void onlyGovernanceSetsParameters() {
        LedgerSession gov = sessions.get(0);
        assertReverts(
                "OwnableUnauthorizedAccount",
                () -> strangerSession.send(marketOf(strangerSession).setFeeBps(BigInteger.ONE)));
        assertReverts("FeeTooHigh", () -> gov.send(marketOf(gov).setFeeBps(BigInteger.valueOf(1001))));
        assertReverts("ZeroPenaltyFactor", () -> gov.send(marketOf(gov).setPenaltyFactor(BigInteger.ZERO)));
        assertReverts(
                "ZeroAddress", () -> gov.send(marketOf(gov).setTreasury("0x0000000000000000000000000000000000000000")));
        assertReverts(
                "OwnableUnauthorizedAccount",
                () -> strangerSession.send(tokenOf(strangerSession).setReputationSource(TestChain.address(3))));
        gov.send(marketOf(gov).setPenaltyFactor(BigInteger.valueOf(3)));
        assertEquals(BigInteger.valueOf(3), gov.send(marketOf(gov).penaltyFactor()));
        gov.send(marketOf(gov).setPenaltyFactor(BigInteger.TWO));
    }

    private static DcloudMarket.Profile rawProfile(String name, String domain) {
        return new DcloudMarket.Profile(name, "", "", "", "", domain, new byte[0]);
    }

    /** Terms the Java client would refuse before sending, so the contract's own checks are reached. */
    private static DcloudMarket.OfferSpec rawSpec(BigInteger price, int minHours, int maxHours, int vcpu, long ramMiB) {
        return new DcloudMarket.OfferSpec(
                price,
                BigInteger.valueOf(minHours),
                BigInteger.valueOf(maxHours),
                BigInteger.ONE,
                BigInteger.ZERO,
                BigInteger.valueOf(vcpu),
                BigInteger.valueOf(ramMiB),
                BigInteger.ZERO,
                BigInteger.ONE,
                BigInteger.ONE,
                new byte[32],
                new byte[32]);
    }

    private DcloudMarket marketOf(LedgerSession session) {
        return session.market(chain.deployment().market());
    }

    private DcloudToken tokenOf(LedgerSession session) {
        return session.token(chain.deployment().token());
    }

    private static void assertReverts(String errorName, Executable call) {
        assertEquals(errorName, assertThrows(ContractRevert.class, call).errorName());
    }
}

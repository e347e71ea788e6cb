package io.dcloud.appliance.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.TestDriverHost;
import io.dcloud.appliance.TestLedger;
import io.dcloud.appliance.api.rentals.RentalAction;
import io.dcloud.appliance.local.LocalRentalState;
import io.dcloud.appliance.local.TestKeys;
import io.dcloud.appliance.reconcile.ChainRentals;
import io.dcloud.appliance.reconcile.RentalSource;
import io.dcloud.ledger.market.OfferKind;
import io.dcloud.ledger.market.OfferTerms;
import io.dcloud.ledger.market.RentalState;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin's force-end of a ledger rental, on a real anvil and libvirt's test driver: the rental is terminated on
 * the ledger first (the tenant stops paying and gets the unaccrued escrow back) and the VM goes only afterwards, by
 * the reconciler's ordinary teardown, also when the appliance restarted in between.
 */
class ForceEndIT {
    private static final BigInteger PRICE = BigInteger.valueOf(36_000_000_000L);

    @TempDir
    Path dir;

    private TestLedger ledger;
    private TestDriverHost host;
    private ChainRentals chain;
    private List<RentalSource> sources;
    private final AtomicInteger wakes = new AtomicInteger();
    private AdminRentalActions actions;
    private BigInteger offerId;

    @BeforeEach
    void start() throws Exception {
        ledger = TestLedger.start();
        host = TestDriverHost.open(dir);
        chain = ledger.chainRentals();
        sources = List.of(chain, host.local());
        actions = new AdminRentalActions(host.vms(), sources, wakes::incrementAndGet);
        offerId = ledger.provider()
                .publishOffer(new OfferTerms(OfferKind.STANDARD, 1, 512, 1, 0, "", 0, "eu", PRICE, 1, 10, 2))
                .id();
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
        ledger.close();
    }

    @Test
    void endsTheRentalOnTheLedgerFirstAndTearsTheVmDownAfterTheGrace() throws Exception {
        BigInteger id = rent("forced");
        var reconciler = host.reconciler(sources);
        assertEquals(List.of(id.toString()), reconciler.pass().created());
        assertEquals(List.of(id.toString()), reconciler.pass().accepted());
        assertEquals(RentalState.ACTIVE, ledger.tenant().rental(id).state());
        BigInteger afterRent = ledger.tenant().balanceOf(ledger.tenant().address());

        var outcome = actions.perform(id.toString(), RentalAction.FORCE_END, "abuse report 42");

        assertTrue(outcome.accepted(), outcome.detail());
        assertEquals(1, wakes.get(), "the reconciler is asked for a pass");
        var onChain = ledger.tenant().rental(id);
        assertEquals(RentalState.ENDED, onChain.state(), "ended on the ledger, not only here");
        assertTrue(
                ledger.tenant().balanceOf(ledger.tenant().address()).compareTo(afterRent) > 0,
                "the unaccrued escrow came back to the tenant");
        assertEquals(BigInteger.ZERO, onChain.claimable(), "the accrued part was paid at once");
        assertTrue(host.vmOf(id.toString()).isPresent(), "the VM is not touched by the action itself");

        // What a kill -9 right after the ledger call leaves: a new reconciler, the same ledger and libvirt.
        var restarted = host.reconciler(sources);
        assertEquals(List.of(), restarted.pass().destroyed(), "the grace period starts");
        assertTrue(host.vmOf(id.toString()).isPresent());
        host.clock().advance(TestDriverHost.GRACE);
        assertEquals(List.of(id.toString()), restarted.pass().destroyed());
        assertTrue(host.vmOf(id.toString()).isEmpty());
        assertNull(host.dataPlane().router().routes().get("forced.provider.test"), "its route is gone");
        assertTrue(host.dataPlane().forwarder().mappings().isEmpty(), "its ports are gone");

        var again = actions.perform(id.toString(), RentalAction.FORCE_END, "twice");
        assertFalse(again.accepted());
        assertEquals(
                "rental " + id + " is ended on the ledger already; its VM goes after the teardown grace",
                again.detail());
    }

    @Test
    void aRequestedRentalIsRefundedInFull() throws Exception {
        BigInteger before = ledger.tenant().balanceOf(ledger.tenant().address());
        BigInteger id = rent("waiting");
        assertEquals(List.of(id.toString()), host.reconciler(sources).pass().created());

        var outcome = actions.perform(id.toString(), RentalAction.FORCE_END, "host maintenance");

        assertTrue(outcome.accepted(), outcome.detail());
        assertEquals(RentalState.REJECTED, ledger.tenant().rental(id).state());
        assertEquals(before, ledger.tenant().balanceOf(ledger.tenant().address()));
        var reconciler = host.reconciler(sources);
        assertEquals(List.of(), reconciler.pass().accepted(), "an ended rental is never accepted");
        host.clock().advance(TestDriverHost.GRACE);
        assertEquals(List.of(id.toString()), reconciler.pass().destroyed());
    }

    @Test
    void withTheLedgerUnreachableNothingChanges() throws Exception {
        BigInteger id = rent("kept");
        var reconciler = host.reconciler(sources);
        reconciler.pass();
        assertEquals(List.of(id.toString()), reconciler.pass().accepted());
        ledger.stopChain();

        var outcome = actions.perform(id.toString(), RentalAction.FORCE_END, "abuse report 43");

        assertFalse(outcome.accepted());
        assertTrue(
                outcome.detail()
                        .startsWith(
                                "force-end failed, the VM is untouched (try again): the ledger did not terminate rental "),
                outcome.detail());
        assertEquals(0, wakes.get());
        host.clock().advance(TestDriverHost.GRACE.multipliedBy(10));
        var report = reconciler.pass();
        assertTrue(report.ledgerError().isPresent(), report.toString());
        assertEquals(List.of(), report.destroyed(), "a VM whose rental is unknown now stays");
        assertTrue(host.vmOf(id.toString()).isPresent());
    }

    @Test
    void aRentalOfAnotherProviderOrNoSourceIsRefused() {
        var unknown = actions.perform("9999", RentalAction.FORCE_END, "typo");
        assertFalse(unknown.accepted());
        assertEquals("rental 9999 is not a ledger rental of this provider", unknown.detail());
        var foreign = actions.perform("vm-7", RentalAction.FORCE_END, "typo");
        assertFalse(foreign.accepted());
        assertEquals("rental vm-7 belongs to no rental source of this appliance", foreign.detail());
        assertEquals(0, wakes.get());
    }

    @Test
    void aLocalRentalIsEndedInItsRecordAndNeverOnTheLedger() throws Exception {
        var rental = host.createLocal("trial", 24);
        var outcome = actions.perform(rental.id(), RentalAction.FORCE_END, "trial over");
        assertTrue(outcome.accepted(), outcome.detail());
        var ended = host.local().store().get(rental.id()).orElseThrow();
        assertEquals(LocalRentalState.ENDED, ended.state());
        assertEquals("ended by the admin: trial over", ended.reason());
        assertTrue(ledger.provider().rentalsOf(ledger.provider().address()).isEmpty(), "nothing on the ledger");
    }

    private BigInteger rent(String label) {
        return ledger.tenant()
                .rent(offerId, 2, TestKeys.ed25519("tenant@test"), label)
                .id();
    }
}

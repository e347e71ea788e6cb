package io.dcloud.appliance.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.TestDriverHost;
import io.dcloud.appliance.TestLedger;
import io.dcloud.appliance.config.OfferKind;
import io.dcloud.appliance.config.OffersConfig;
import io.dcloud.appliance.local.TestKeys;
import io.dcloud.appliance.reconcile.PassReport;
import io.dcloud.appliance.reconcile.Reconciler;
import io.dcloud.ledger.market.OfferListing;
import io.dcloud.ledger.market.RentalState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offers kept in step with the host, on a real anvil and libvirt's test driver: the appliance's reconciler passes
 * feed {@link OfferUpkeep}, and the stock the ledger shows goes down as VMs are placed (an admin's local rental, a
 * tenant's ledger rental) and back up once their rentals are over and the VMs gone.
 */
class OfferStockIT {
    private static final OffersConfig OFFERS =
            new OffersConfig("eu-test", Map.of(OfferKind.STANDARD, new BigDecimal("0.05")), 1, 10, 1, 512, 1);

    @TempDir
    Path dir;

    private TestLedger ledger;
    private TestDriverHost host;
    private Reconciler reconciler;
    private OfferSync sync;
    private OfferUpkeep upkeep;

    @BeforeEach
    void start() throws Exception {
        ledger = TestLedger.start();
        host = TestDriverHost.open(dir);
        reconciler = host.reconciler(List.of(ledger.chainRentals(), host.local()));
        sync = new OfferSync(
                ledger.provider(), ledger.provider().address(), OFFERS, host::inventory, host.vms()::passedThrough);
        upkeep = new OfferUpkeep(sync);
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
        ledger.close();
    }

    @Test
    void stockFollowsTheVmsPlacedAndGone() throws Exception {
        int capacity = OfferPlan.capacity(OFFERS, host.inventory());
        assertTrue(capacity >= 2 && capacity < 0xFFFF, "a host with room for a few VMs: " + capacity);

        pass();
        BigInteger offer = published().id();
        assertEquals(capacity, published().terms().stock(), "published from the inventory with nothing placed");

        var local = host.createLocal("trial", 24);
        pass();
        assertTrue(host.vmOf(local.id()).isPresent());
        assertEquals(capacity - 1, published().terms().stock(), "down by the admin's local VM");

        BigInteger rental = ledger.tenant()
                .rent(offer, 1, TestKeys.ed25519("tenant@test"), "rented")
                .id();
        pass();
        pass();
        assertEquals(RentalState.ACTIVE, ledger.tenant().rental(rental).state());
        assertEquals(2, host.vms().list().size());
        assertEquals(capacity - 2, published().terms().stock(), "down by the tenant's VM");

        host.local().end(local.id(), "trial over");
        ledger.tenant().end(rental);
        pass();
        host.clock().advance(TestDriverHost.GRACE);
        var teardown = pass();
        assertEquals(2, teardown.destroyed().size(), teardown.toString());
        assertEquals(List.of(), host.vms().list());
        assertEquals(capacity, published().terms().stock(), "back up once both VMs went");
        assertEquals(offer, published().id(), "the same offer, updated, never a second one");
    }

    private PassReport pass() throws Exception {
        var report = reconciler.pass();
        upkeep.accept(report);
        return report;
    }

    private OfferListing published() throws Exception {
        var mine = sync.published();
        assertEquals(1, mine.size(), "one offer per kind: " + mine);
        return mine.getFirst();
    }
}

package io.dcloud.appliance.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.TestDriverHost;
import io.dcloud.appliance.api.ProblemException;
import io.dcloud.appliance.api.rentals.NewRental;
import io.dcloud.appliance.api.rentals.RentalSize;
import io.dcloud.appliance.config.OfferKind;
import io.dcloud.appliance.config.OffersConfig;
import io.dcloud.appliance.local.LocalRentals;
import io.dcloud.appliance.local.TestKeys;
import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.lifecycle.VmManager;
import io.dcloud.vm.network.NatNetwork;
import io.dcloud.vm.spec.CloudInit;
import io.dcloud.vm.spec.DcloudMetadata;
import io.dcloud.vm.spec.NetworkAttachment;
import io.dcloud.vm.spec.PortBlock;
import io.dcloud.vm.spec.VmKind;
import io.dcloud.vm.spec.VmSpec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admission of local rentals against libvirt's test driver holding a ledger rental's VM. */
class LocalRentalDeskTest {
    /** One VM of this shape takes 10 GiB of disk: with 20 GiB free the host holds two. */
    private static final OffersConfig OFFERS =
            new OffersConfig("eu-west", Map.of(OfferKind.STANDARD, new BigDecimal("0.05")), 1, 720, 1, 512, 10);

    @TempDir
    Path dir;

    private TestDriverHost host;
    private VmManager vms;
    private LocalRentals local;
    private final AtomicInteger ledgerServed = new AtomicInteger();
    private final AtomicInteger wakes = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        host = TestDriverHost.open(dir);
        vms = host.vms();
        local = host.local();
        var roomy = host.inventory();
        host.replaceInventory(new HostInventory(roomy.domain(), roomy.host(), List.of(), 20L << 30));
        vms.create(ledgerVm("7", "chain.provider.test"), host.inventory());
    }

    @AfterEach
    void close() throws Exception {
        host.close();
    }

    @Test
    void aLabelRoutedToAVmOrWantedByALocalRentalIsTaken() {
        var desk = desk();
        var routed = assertThrows(ProblemException.class, () -> desk.create(rental("chain")));
        assertEquals(409, routed.problem().status());
        assertEquals(
                "the name chain.provider.test is taken by rental 7",
                routed.problem().detail());

        var created = desk.create(rental("web"));
        assertEquals("local-1", created.id());
        assertTrue(created.local());
        assertEquals("requested", created.state());
        assertEquals("web.provider.test", created.hostname());
        assertEquals(1, wakes.get(), "the reconciler is woken for the new rental");

        var wanted = assertThrows(ProblemException.class, () -> desk.create(rental("web")));
        assertEquals(
                "the name web.provider.test is taken by local rental local-1",
                wanted.problem().detail());
        assertEquals(1, local.store().all().size(), "a refused rental is not recorded");
    }

    @Test
    void aFullHostIsRefusedCountingLedgerAndLocalRentals() {
        var desk = desk();
        desk.create(rental("one")); // the ledger's VM and this one fill the two places

        var full = assertThrows(ProblemException.class, () -> desk.create(rental("two")));
        assertEquals(409, full.problem().status());
        assertEquals(
                "this host has no room left: 2 VMs of the offer size fit and 2 rentals are served",
                full.problem().detail());
        assertEquals(1, local.store().all().size());
    }

    @Test
    void ledgerRentalsStillWithoutAVmCountToo() throws Exception {
        vms.destroy("rental-7");
        ledgerServed.set(2);
        var full = assertThrows(ProblemException.class, () -> desk().create(rental("early")));
        assertEquals(
                "this host has no room left: 2 VMs of the offer size fit and 2 rentals are served",
                full.problem().detail());
    }

    private LocalRentalDesk desk() {
        return new LocalRentalDesk(
                local,
                vms,
                host::inventory,
                OFFERS,
                ledgerServed::get,
                "provider.test",
                host.clock(),
                wakes::incrementAndGet);
    }

    private static NewRental rental(String label) {
        return new NewRental(label, TestKeys.ed25519("admin@test"), 1, new RentalSize(1, 512, 10));
    }

    private VmSpec ledgerVm(String rentalId, String route) {
        return new VmSpec(
                "rental-" + rentalId,
                VmKind.STANDARD,
                1,
                512,
                1,
                dir.resolve("base.img"),
                new CloudInit("chain", List.of("dcloud"), List.of(TestKeys.ed25519("tenant")), ""),
                new NetworkAttachment(NatNetwork.defaults().name(), "52:54:00:4d:00:0a", "10.77.0.10"),
                List.of(),
                new DcloudMetadata(rentalId, "0xtenant", Optional.of(new PortBlock(20000, 2)), List.of(route)),
                false,
                List.of(),
                Optional.empty());
    }
}

package io.dcloud.appliance.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.config.OfferKind;
import io.dcloud.appliance.config.OffersConfig;
import io.dcloud.vm.inventory.DomainCapabilities;
import io.dcloud.vm.inventory.HostCapabilities;
import io.dcloud.vm.inventory.HostInventory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Offers planned from real recorded capabilities: the plain host and the SEV-SNP host of ../shared/libvirt. */
class OfferPlanTest {
    private static final OffersConfig OFFERS = new OffersConfig(
            "eu-west",
            Map.of(OfferKind.STANDARD, new BigDecimal("0.05"), OfferKind.SEV_SNP, new BigDecimal("0.12")),
            1,
            720,
            1,
            1024,
            10);

    private static HostInventory host(String domcaps, long freeDiskBytes) throws Exception {
        Path dir = Path.of(System.getProperty("dcloud.shared.dir"), "libvirt", "domcaps");
        return new HostInventory(
                DomainCapabilities.parse(Files.readString(dir.resolve(domcaps))),
                HostCapabilities.parse(Files.readString(dir.resolve("hostcaps/vircaps-x86_64-basic.xml"))),
                List.of(),
                freeDiskBytes);
    }

    @Test
    void aPlainHostOffersOnlyStandardAtItsPriceInBaseUnits() throws Exception {
        var plan = OfferPlan.plan(OFFERS, host("qemu_10.0.0-q35.x86_64.xml", 1L << 40), 0);
        assertEquals(List.of(OfferKind.STANDARD), List.copyOf(plan.keySet()));
        var terms = plan.get(OfferKind.STANDARD);
        assertEquals(BigInteger.valueOf(50_000_000), terms.pricePerHour());
        assertEquals("eu-west", terms.region());
        assertEquals(1, terms.vcpu());
    }

    @Test
    void anSnpHostAlsoOffersConfidentialVms() throws Exception {
        var plan = OfferPlan.plan(OFFERS, host("qemu_10.0.0-q35.x86_64+amdsev.xml", 1L << 40), 0);
        assertTrue(plan.containsKey(OfferKind.SEV_SNP), plan.toString());
        assertEquals(
                BigInteger.valueOf(120_000_000), plan.get(OfferKind.SEV_SNP).pricePerHour());
    }

    @Test
    void stockIsWhatStillFitsNextToTheRentalsServed() throws Exception {
        var inventory = host("qemu_10.0.0-q35.x86_64.xml", 1L << 40);
        int capacity = OfferPlan.capacity(OFFERS, inventory);
        assertTrue(capacity > 1, "the recorded host fits more than one 1-vCPU VM: " + capacity);
        assertEquals(
                capacity,
                OfferPlan.plan(OFFERS, inventory, 0).get(OfferKind.STANDARD).stock());
        assertEquals(
                capacity - 1,
                OfferPlan.plan(OFFERS, inventory, 1).get(OfferKind.STANDARD).stock());
        assertEquals(
                0,
                OfferPlan.plan(OFFERS, inventory, capacity + 5)
                        .get(OfferKind.STANDARD)
                        .stock());
    }

    @Test
    void aFullDiskLeavesNoStock() throws Exception {
        var plan = OfferPlan.plan(OFFERS, host("qemu_10.0.0-q35.x86_64.xml", 5L << 30), 0);
        assertEquals(0, plan.get(OfferKind.STANDARD).stock());
    }
}

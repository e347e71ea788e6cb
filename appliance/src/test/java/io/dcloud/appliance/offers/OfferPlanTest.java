package io.dcloud.appliance.offers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.config.OfferKind;
import io.dcloud.appliance.config.OffersConfig;
import io.dcloud.vm.inventory.DomainCapabilities;
import io.dcloud.vm.inventory.HostCapabilities;
import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.inventory.PciDevice;
import io.dcloud.vm.spec.PciAddress;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Offers planned from real recorded capabilities: the plain host and the SEV-SNP host of testdata/libvirt. */
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

    @Test
    void aGpuOfferSellsOneFreeGpuPerRental() throws Exception {
        var plain = host("qemu_10.0.0-q35.x86_64.xml", 1L << 40);
        var h100 = new PciDevice(
                PciAddress.parse("0000:41:00.0"),
                0x030200,
                "0x10de",
                "NVIDIA Corporation",
                "0x2330",
                "GH100 [H100 SXM5 80GB]",
                40,
                List.of(PciAddress.parse("0000:41:00.0"), PciAddress.parse("0000:41:00.1")),
                "vfio-pci");
        var second = new PciDevice(
                PciAddress.parse("0000:c1:00.0"),
                0x030200,
                "0x10de",
                "NVIDIA Corporation",
                "0x2330",
                "GH100 [H100 SXM5 80GB]",
                41,
                List.of(PciAddress.parse("0000:c1:00.0")),
                "vfio-pci");
        var gpuHost = new HostInventory(
                plain.domain(),
                new HostCapabilities(
                        plain.host().arch(), plain.host().cpus(), plain.host().memoryKiB(), true),
                List.of(h100, second),
                1L << 40);
        var priced = new OffersConfig(
                "eu-west",
                Map.of(OfferKind.STANDARD, new BigDecimal("0.05"), OfferKind.GPU, new BigDecimal("2.5")),
                1,
                720,
                1,
                1024,
                10);

        var gpu = OfferPlan.plan(priced, gpuHost, 0, Set.of()).get(OfferKind.GPU);
        assertEquals(1, gpu.gpuCount());
        assertEquals("GH100 [H100 SXM5 80GB]", gpu.gpuModel());
        assertEquals(
                "GA100 [A100 PCIe 80GB] with a ve",
                OfferPlan.ledgerModel("GA100 [A100 PCIe 80GB] with a very long name"));
        assertEquals(2, gpu.stock(), "two GPUs, far more room otherwise");
        assertEquals(BigInteger.valueOf(2_500_000_000L), gpu.pricePerHour());
        assertEquals(
                1,
                OfferPlan.plan(priced, gpuHost, 1, Set.of(PciAddress.parse("0000:41:00.1")))
                        .get(OfferKind.GPU)
                        .stock(),
                "a VM holding the H100's audio function holds the H100");
        var none = OfferPlan.plan(
                        priced, gpuHost, 2, Set.of(PciAddress.parse("0000:41:00.0"), PciAddress.parse("0000:c1:00.0")))
                .get(OfferKind.GPU);
        assertEquals(0, none.stock(), "the offer stays, out of stock");
        assertEquals(
                0,
                OfferPlan.plan(priced, gpuHost, 0, Set.of())
                        .get(OfferKind.STANDARD)
                        .gpuCount());
        assertTrue(
                !OfferPlan.plan(priced, plain, 0, Set.of()).containsKey(OfferKind.GPU),
                "no GPU, no IOMMU: no GPU offer");
    }
}

package io.dcloud.appliance.offers;

import io.dcloud.appliance.config.OfferKind;
import io.dcloud.appliance.config.OffersConfig;
import io.dcloud.ledger.market.OfferTerms;
import io.dcloud.vm.inventory.GpuUnit;
import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.spec.PciAddress;
import io.dcloud.vm.spec.VmKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offers this host should have on the ledger: one per kind the provider priced and the host can run, all of
 * the configured shape, with as much stock as such VMs still fit next to the rentals already being served. A GPU
 * offer gives each rental one GPU (with its IOMMU group); its stock is also bounded by the GPUs still free.
 */
public final class OfferPlan {
    private static final BigDecimal BASE_UNITS = BigDecimal.TEN.pow(9);
    /** Memory left to the host itself (libvirt, QEMU overhead, the appliance). */
    private static final long HOST_RESERVE_MIB = 1024;

    private OfferPlan() {}

    /** As {@link #plan(OffersConfig, HostInventory, int, Set)} on a host whose VMs pass no GPU through. */
    public static Map<OfferKind, OfferTerms> plan(OffersConfig offers, HostInventory inventory, int rentalsServed) {
        return plan(offers, inventory, rentalsServed, Set.of());
    }

    /**
     * @param passedThrough the host PCI devices dcloud's VMs hold now: a GPU offer's stock is the GPUs still free
     *     (and never more than the VMs that still fit)
     */
    public static Map<OfferKind, OfferTerms> plan(
            OffersConfig offers, HostInventory inventory, int rentalsServed, Set<PciAddress> passedThrough) {
        int stock = stock(offers, inventory, rentalsServed);
        Map<OfferKind, OfferTerms> out = new EnumMap<>(OfferKind.class);
        offers.pricePerHour().forEach((kind, price) -> {
            if (!inventory.offers(vmKind(kind))) {
                return;
            }
            int gpuCount = 0;
            String gpuModel = "";
            int kindStock = stock;
            if (kind == OfferKind.GPU) {
                List<GpuUnit> units = inventory.gpuUnits();
                List<GpuUnit> free =
                        units.stream().filter(u -> u.freeGiven(passedThrough)).toList();
                gpuCount = 1;
                gpuModel = ledgerModel((free.isEmpty() ? units : free).get(0).model());
                kindStock = Math.min(stock, free.size());
            }
            out.put(
                    kind,
                    new OfferTerms(
                            ledgerKind(kind),
                            offers.vcpus(),
                            offers.ramMiB(),
                            offers.diskGiB(),
                            gpuCount,
                            gpuModel,
                            0,
                            offers.region(),
                            baseUnits(price),
                            offers.minHours(),
                            offers.maxHours(),
                            Math.min(kindStock, 0xFFFF)));
        });
        return out;
    }

    /**
     * How many more rentals this host can take: its capacity less the rentals it serves, ledger and local alike
     * (each takes one offer's room). The offers publish it, and an admin's local rental needs at least one.
     */
    public static int stock(OffersConfig offers, HostInventory inventory, int rentalsServed) {
        return Math.max(0, capacity(offers, inventory) - rentalsServed);
    }

    /** How many VMs of the shape fit on this host in all: CPUs one to one, memory less a reserve, free disk. */
    public static int capacity(OffersConfig offers, HostInventory inventory) {
        long byCpu = inventory.host().cpus() / offers.vcpus();
        long byMemory = Math.max(0, inventory.host().memoryKiB() / 1024 - HOST_RESERVE_MIB) / offers.ramMiB();
        long byDisk = inventory.freeDiskBytes() / ((long) offers.diskGiB() << 30);
        return (int) Math.min(Integer.MAX_VALUE, Math.min(byCpu, Math.min(byMemory, byDisk)));
    }

    /** The ledger keeps a GPU model in 32 bytes: cut longer names on a character boundary. */
    static String ledgerModel(String model) {
        var out = new StringBuilder();
        int bytes = 0;
        for (int cp : model.codePoints().toArray()) {
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > 32) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += size;
        }
        return out.toString().strip();
    }

    private static BigInteger baseUnits(BigDecimal dct) {
        return dct.multiply(BASE_UNITS).toBigIntegerExact();
    }

    private static VmKind vmKind(OfferKind kind) {
        return switch (kind) {
            case STANDARD -> VmKind.STANDARD;
            case SEV_SNP -> VmKind.SEV_SNP;
            case TDX -> VmKind.TDX;
            case GPU -> VmKind.GPU;
        };
    }

    private static io.dcloud.ledger.market.OfferKind ledgerKind(OfferKind kind) {
        return io.dcloud.ledger.market.OfferKind.valueOf(kind.name());
    }
}

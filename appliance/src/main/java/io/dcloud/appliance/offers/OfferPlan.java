package io.dcloud.appliance.offers;

import io.dcloud.appliance.config.OfferKind;
import io.dcloud.appliance.config.OffersConfig;
import io.dcloud.ledger.market.OfferTerms;
import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.spec.VmKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.Map;

/**
 * The offers this host should have on the ledger: one per kind the provider priced and the host can run, all of
 * the configured shape, with as much stock as such VMs still fit next to the rentals already being served. GPU
 * offers wait until GPUs are assigned to rentals; they are never planned yet.
 */
public final class OfferPlan {
    private static final BigDecimal BASE_UNITS = BigDecimal.TEN.pow(9);
    /** Memory left to the host itself (libvirt, QEMU overhead, the appliance). */
    private static final long HOST_RESERVE_MIB = 1024;

    private OfferPlan() {}

    public static Map<OfferKind, OfferTerms> plan(OffersConfig offers, HostInventory inventory, int rentalsServed) {
        int stock = stock(offers, inventory, rentalsServed);
        Map<OfferKind, OfferTerms> out = new EnumMap<>(OfferKind.class);
        offers.pricePerHour().forEach((kind, price) -> {
            if (kind != OfferKind.GPU && inventory.offers(vmKind(kind))) {
                out.put(
                        kind,
                        new OfferTerms(
                                ledgerKind(kind),
                                offers.vcpus(),
                                offers.ramMiB(),
                                offers.diskGiB(),
                                0,
                                "",
                                0,
                                offers.region(),
                                baseUnits(price),
                                offers.minHours(),
                                offers.maxHours(),
                                Math.min(stock, 0xFFFF)));
            }
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

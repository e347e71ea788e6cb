package io.dcloud.appliance.api.offers;

/**
 * One offer this host publishes.
 *
 * @param id the offer's id on the ledger
 * @param kind {@code standard}, {@code sev-snp}, {@code tdx} or {@code gpu}
 * @param vcpus virtual CPUs per VM
 * @param memoryMib memory per VM
 * @param diskGib disk per VM
 * @param pricePerHour price per hour in whole tokens, as a decimal string (no float rounding)
 * @param stock how many more VMs of this offer fit right now
 */
public record OfferView(
        String id, String kind, int vcpus, int memoryMib, int diskGib, String pricePerHour, int stock) {}

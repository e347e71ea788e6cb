package io.dcloud.appliance.config;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The provider's pricing policy; the offers themselves are derived from it and the host inventory.
 *
 * @param region free-form region tenants filter on, e.g. {@code eu-west}
 * @param pricePerHour price per VM-hour in whole tokens, for each kind this host offers
 * @param minHours shortest rental accepted
 * @param maxHours longest rental accepted
 * @param vcpus vCPUs of one rented VM
 * @param ramMiB memory of one rented VM
 * @param diskGiB disk of one rented VM
 */
public record OffersConfig(
        String region,
        Map<OfferKind, BigDecimal> pricePerHour,
        int minHours,
        int maxHours,
        int vcpus,
        int ramMiB,
        int diskGiB) {

    public OffersConfig {
        pricePerHour = Map.copyOf(pricePerHour);
    }
}

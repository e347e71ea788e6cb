package io.dcloud.ledger.market;

import io.dcloud.ledger.contracts.DcloudMarket;
import java.math.BigInteger;

/**
 * What a provider offers. Prices are DCT base units (9 decimals) per hour; {@code stock} is how many rentals of it may
 * run at the same time.
 */
public record OfferTerms(
        OfferKind kind,
        int vcpu,
        long ramMiB,
        long diskGiB,
        int gpuCount,
        String gpuModel,
        long bandwidthMbps,
        String region,
        BigInteger pricePerHour,
        int minHours,
        int maxHours,
        int stock) {

    public OfferTerms {
        if (vcpu <= 0 || ramMiB <= 0) {
            throw new IllegalArgumentException("an offer needs at least 1 vCPU and 1 MiB of RAM");
        }
        if (pricePerHour.signum() <= 0) {
            throw new IllegalArgumentException("price per hour must be positive");
        }
        if (pricePerHour.bitLength() > 80) {
            throw new IllegalArgumentException(
                    "price per hour must be below 2^80 base units (about 1.2 x 10^15 DCT), got " + pricePerHour);
        }
        if (minHours < 1 || maxHours < minHours || maxHours > 0xFFFF) {
            throw new IllegalArgumentException(
                    "hours must satisfy 1 <= min <= max <= 65535, got " + minHours + ".." + maxHours);
        }
        if (stock < 0 || stock > 0xFFFF || vcpu > 0xFFFF || gpuCount < 0 || gpuCount > 0xFF) {
            throw new IllegalArgumentException("stock, vCPU or GPU count out of range");
        }
        ShortText.encode(gpuModel, "GPU model");
        ShortText.encode(region, "region");
    }

    DcloudMarket.OfferSpec toSpec() {
        return new DcloudMarket.OfferSpec(
                pricePerHour,
                BigInteger.valueOf(minHours),
                BigInteger.valueOf(maxHours),
                BigInteger.valueOf(stock),
                BigInteger.valueOf(kind.ordinal()),
                BigInteger.valueOf(vcpu),
                BigInteger.valueOf(ramMiB),
                BigInteger.valueOf(gpuCount),
                BigInteger.valueOf(diskGiB),
                BigInteger.valueOf(bandwidthMbps),
                ShortText.encode(gpuModel, "GPU model"),
                ShortText.encode(region, "region"));
    }
}

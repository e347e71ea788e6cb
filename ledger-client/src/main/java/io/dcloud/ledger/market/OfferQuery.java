package io.dcloud.ledger.market;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.Optional;

/**
 * A tenant's search: every filter is optional (empty or zero means "any"); results are ranked by price (cheapest
 * first) or by provider reputation (highest first).
 */
public record OfferQuery(
        Optional<OfferKind> kind,
        int minVcpu,
        long minRamMiB,
        long minDiskGiB,
        int minGpus,
        Optional<String> gpuModel,
        Optional<String> region,
        Optional<BigInteger> maxPricePerHour,
        BigInteger minProviderReputation,
        Sort sort) {

    public enum Sort {
        PRICE,
        REPUTATION
    }

    /** Everything available, cheapest first. */
    public static OfferQuery any() {
        return new OfferQuery(
                Optional.empty(),
                0,
                0,
                0,
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                BigInteger.ZERO,
                Sort.PRICE);
    }

    public boolean matches(OfferListing listing) {
        OfferTerms t = listing.terms();
        return listing.available()
                && kind.map(k -> k == t.kind()).orElse(true)
                && t.vcpu() >= minVcpu
                && t.ramMiB() >= minRamMiB
                && t.diskGiB() >= minDiskGiB
                && t.gpuCount() >= minGpus
                && gpuModel.map(m -> t.gpuModel().equalsIgnoreCase(m)).orElse(true)
                && region.map(r -> t.region().equalsIgnoreCase(r)).orElse(true)
                && maxPricePerHour.map(p -> t.pricePerHour().compareTo(p) <= 0).orElse(true)
                && listing.providerReputation().compareTo(minProviderReputation) >= 0;
    }

    public Comparator<OfferListing> order() {
        Comparator<OfferListing> byPrice = Comparator.comparing(l -> l.terms().pricePerHour());
        Comparator<OfferListing> byReputation =
                Comparator.comparing(OfferListing::providerReputation).reversed();
        return sort == Sort.PRICE ? byPrice.thenComparing(byReputation) : byReputation.thenComparing(byPrice);
    }
}

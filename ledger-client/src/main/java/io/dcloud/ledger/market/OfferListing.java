package io.dcloud.ledger.market;

import io.dcloud.ledger.contracts.DcloudMarket;
import java.math.BigInteger;

/** One offer as search sees it: its terms, who sells it and how reputable they are. */
public record OfferListing(
        BigInteger id,
        String provider,
        BigInteger providerReputation,
        boolean paused,
        boolean removed,
        OfferTerms terms) {

    /** Can be rented now: not paused, not removed, in stock. */
    public boolean available() {
        return !paused && !removed && terms.stock() > 0;
    }

    static OfferListing of(DcloudMarket.Listing l) {
        return new OfferListing(
                l.id,
                l.provider,
                l.providerReputation,
                l.paused,
                l.removed,
                new OfferTerms(
                        OfferKind.ofCode(l.kind.intValueExact()),
                        l.vcpu.intValueExact(),
                        l.ramMiB.longValueExact(),
                        l.diskGiB.longValueExact(),
                        l.gpuCount.intValueExact(),
                        ShortText.decode(l.gpuModel),
                        l.bandwidthMbps.longValueExact(),
                        ShortText.decode(l.region),
                        l.pricePerHour,
                        l.minHours.intValueExact(),
                        l.maxHours.intValueExact(),
                        l.stock.intValueExact()));
    }
}

package io.dcloud.ledger.market;

import io.dcloud.ledger.contracts.DcloudMarket;

/** A provider's public identity, as stored in the registry. */
public record ProviderProfile(
        String name,
        String legalEntity,
        String contact,
        String jurisdiction,
        String website,
        String domain,
        byte[] publicKey) {

    public ProviderProfile {
        if (name.isBlank() || domain.isBlank()) {
            throw new IllegalArgumentException("a provider profile needs a name and an appliance domain");
        }
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    DcloudMarket.Profile toStruct() {
        return new DcloudMarket.Profile(name, legalEntity, contact, jurisdiction, website, domain, publicKey);
    }
}

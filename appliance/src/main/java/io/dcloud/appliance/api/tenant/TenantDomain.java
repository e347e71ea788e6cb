package io.dcloud.appliance.api.tenant;

import io.dcloud.appliance.domains.DomainChallenge;
import io.dcloud.appliance.domains.DomainState;

/**
 * The JSON body of the {@code /tenant/rentals/{id}/domains/{domain}} endpoints.
 *
 * @param domain the name in ASCII form (A-labels), as routed
 * @param unicode the same name as people write it
 * @param rental the rental's id
 * @param attached whether the name routes to the rental's VM now
 * @param record the DNS TXT record that proves the tenant controls the name: {@code name}, {@code type}, {@code value}
 */
public record TenantDomain(String domain, String unicode, String rental, boolean attached, DomainChallenge record) {

    static TenantDomain of(DomainState state) {
        return new TenantDomain(
                state.domain().ascii(),
                state.domain().unicode(),
                state.rentalId(),
                state.attached(),
                state.challenge());
    }
}

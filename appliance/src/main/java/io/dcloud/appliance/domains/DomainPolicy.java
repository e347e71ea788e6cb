package io.dcloud.appliance.domains;

import java.util.List;
import java.util.Optional;

/**
 * Which names a tenant may attach here: none in the provider's own domain (those are rental labels, given out by the
 * reconciler), not the appliance's management name, and at most {@link #MAX_PER_RENTAL} per rental.
 *
 * @param providerDomain tenant labels live under it, e.g. {@code provider.example}
 * @param reservedNames other names of this appliance, e.g. the management name of its API
 */
public record DomainPolicy(String providerDomain, List<String> reservedNames) {

    public static final int MAX_PER_RENTAL = 10;

    public DomainPolicy {
        reservedNames = List.copyOf(reservedNames);
    }

    /** Why {@code domain} cannot be a tenant's own domain here, or empty when it can. */
    public Optional<String> refusal(DomainName domain) {
        if (domain.isAtOrUnder(providerDomain)) {
            return Optional.of(domain + " is in the provider's domain " + providerDomain
                    + "; names there come from the rental's label");
        }
        if (reservedNames.contains(domain.ascii())) {
            return Optional.of(domain + " is this appliance's own name");
        }
        return Optional.empty();
    }

    /** Whether a route is a tenant's own domain rather than a rental label under the provider's domain. */
    public boolean isCustom(String route) {
        return !route.equals(providerDomain) && !route.endsWith("." + providerDomain);
    }
}

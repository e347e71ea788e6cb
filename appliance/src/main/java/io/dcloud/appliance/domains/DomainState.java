package io.dcloud.appliance.domains;

/**
 * A tenant's own domain as seen from one rental.
 *
 * @param domain the name
 * @param rentalId the rental
 * @param challenge the TXT record that proves the tenant controls the name for this rental
 * @param attached whether the name routes to the rental's VM now
 */
public record DomainState(DomainName domain, String rentalId, DomainChallenge challenge, boolean attached) {}

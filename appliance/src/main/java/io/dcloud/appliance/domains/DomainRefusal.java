package io.dcloud.appliance.domains;

/** A custom-domain request that cannot be served, with the reason a tenant can act on. */
public final class DomainRefusal extends RuntimeException {

    /** Named reasons; the API maps each to its status. */
    public enum Reason {
        /** Not a usable name, or one reserved for the provider. */
        NOT_ALLOWED,
        /** The rental has no VM on this host (not provisioned yet, or already over). */
        NO_VM,
        /** Another rental has the domain. */
        TAKEN,
        /** The rental has {@link DomainPolicy#MAX_PER_RENTAL} custom domains. */
        LIMIT,
        /** The TXT record is absent or holds other values. */
        PROOF_MISSING,
        /** The DNS server did not answer in time. */
        DNS_TIMEOUT,
        /** The DNS server could not be reached or failed. */
        DNS_FAILURE
    }

    private final Reason reason;

    public DomainRefusal(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

package io.dcloud.appliance.api.rentals;

/**
 * One rental as the admin sees it.
 *
 * @param id the rental's id (the ledger's number, or a local id for admin-created rentals)
 * @param label the tenant's label, the first part of its route
 * @param kind the VM kind
 * @param state the rental's lifecycle state, e.g. {@code requested}, {@code active}, {@code ending}; for a local
 *     rental one of {@code requested}, {@code active}, {@code expired}, {@code failed}, {@code ended}
 * @param tenant the tenant's address on the ledger
 * @param hostname the route tenants use, e.g. {@code web1.provider.example}
 * @param sshPort the host port forwarding to the VM's SSH, or null before provisioning
 * @param endsAt when the paid time runs out (ISO-8601), or null while requested
 * @param local whether an admin created it on this host ({@code POST /rentals}) rather than a tenant on the ledger
 * @param reason why a local rental failed or was ended, else null
 */
public record RentalView(
        String id,
        String label,
        String kind,
        String state,
        String tenant,
        String hostname,
        Integer sshPort,
        String endsAt,
        boolean local,
        String reason) {}

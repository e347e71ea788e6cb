package io.dcloud.appliance.api.rentals;

/**
 * One rental as the admin sees it.
 *
 * @param id the rental's id (the ledger's number, or a local id for admin-created rentals)
 * @param label the tenant's label, the first part of its route
 * @param kind the VM kind
 * @param state the rental's lifecycle state, e.g. {@code requested}, {@code active}, {@code ending}
 * @param tenant the tenant's address on the ledger
 * @param hostname the route tenants use, e.g. {@code web1.provider.example}
 * @param sshPort the host port forwarding to the VM's SSH, or null before provisioning
 * @param endsAt when the paid time runs out (ISO-8601), or null while requested
 */
public record RentalView(
        String id,
        String label,
        String kind,
        String state,
        String tenant,
        String hostname,
        Integer sshPort,
        String endsAt) {}

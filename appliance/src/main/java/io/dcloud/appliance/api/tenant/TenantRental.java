package io.dcloud.appliance.api.tenant;

/**
 * What a tenant may see of their rental: how to reach it. Also the JSON body of {@code GET
 * /tenant/rentals/{id}}.
 *
 * @param id the rental's id on the ledger
 * @param tenant the tenant's address on the ledger, {@code 0x} + 40 hex digits
 * @param hostname the route to the VM, e.g. {@code web1.provider.example}
 * @param sshPort the host port forwarding to the VM's SSH, or null before provisioning
 * @param state the rental's lifecycle state, e.g. {@code requested}, {@code active}
 */
public record TenantRental(String id, String tenant, String hostname, Integer sshPort, String state) {}

package io.dcloud.appliance.reconcile;

import io.dcloud.ledger.market.RentalState;

/**
 * A rental this host should be serving, as its source tells it now: requested (a VM must be made and the rental
 * accepted) or active (the VM must keep running).
 *
 * @param shape kind and size of its VM
 * @param sshKey the tenant's OpenSSH public key line (ledger rentals: from the RentalRequested event)
 * @param label the tenant's chosen name: the VM is reachable as {@code <label>.<provider-domain>}
 */
public record DesiredRental(
        String rentalId, String tenant, RentalState state, RentalShape shape, String sshKey, String label) {

    /** The libvirt domain name of this rental's VM: derived, so a restarted appliance finds the same VM. */
    public String vmName() {
        return vmName(rentalId);
    }

    public static String vmName(String rentalId) {
        return "rental-" + rentalId;
    }
}

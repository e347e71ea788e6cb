package io.dcloud.appliance.api.tenant;

import io.dcloud.appliance.api.rentals.ActionOutcome;
import io.dcloud.attest.agent.AgentRequest;
import java.util.Optional;

/** The rentals tenants reach through the API; the wiring adapts the host's views, tests fake it. */
public interface TenantRentals {

    /** The rental with this ledger id, empty when this provider has none. */
    Optional<TenantRental> find(String rentalId);

    /**
     * Reboots the rental's VM on its tenant's behalf.
     *
     * @param rentalId a rental that exists and whose tenant signed the request (the service checked)
     */
    ActionOutcome reboot(String rentalId);

    /**
     * Relays the tenant's evidence request to the rental's guest.
     *
     * @param rentalId a rental that exists and whose tenant signed the request (the service checked)
     * @return the guest's evidence bundle, unchanged
     * @throws io.dcloud.appliance.api.ProblemException when the VM is not a running confidential VM or its agent fails
     */
    byte[] evidence(String rentalId, AgentRequest request);
}

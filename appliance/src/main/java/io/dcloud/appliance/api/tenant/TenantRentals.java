package io.dcloud.appliance.api.tenant;

import io.dcloud.appliance.api.rentals.ActionOutcome;
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
}

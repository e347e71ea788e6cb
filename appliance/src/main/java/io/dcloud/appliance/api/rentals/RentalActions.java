package io.dcloud.appliance.api.rentals;

/** Carries out admin actions on rentals; the reconciler implements it, tests fake it. */
public interface RentalActions {

    /**
     * @param rentalId a rental that exists (the service checked)
     * @param reason the admin's reason, recorded with the action; may be empty except for force-end
     */
    ActionOutcome perform(String rentalId, RentalAction action, String reason);
}

package io.dcloud.appliance.api.rentals;

/** Creates local rentals for the admin; the host implements it, tests fake it. */
public interface RentalCreation {

    /** The size of this host's offers: the default of a local rental, and the most it may have. */
    RentalSize offerSize();

    /**
     * Records the rental (before anything may act on it) and returns how it is shown.
     *
     * @throws io.dcloud.appliance.api.ProblemException 409 when the label is taken or the host has no room left
     */
    RentalView create(NewRental rental);
}

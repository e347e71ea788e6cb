package io.dcloud.appliance.local;

/**
 * Where a local rental is in its life, as recorded. Requested -> Active | Failed; any -> Ended (by the admin). An
 * active rental whose hours have run out is expired: that is derived from the clock, never recorded.
 */
public enum LocalRentalState {
    REQUESTED,
    ACTIVE,
    FAILED,
    ENDED
}

package io.dcloud.appliance.api.rentals;

/** Whether an action was taken on (it may complete later) or refused, and why. */
public record ActionOutcome(boolean accepted, String detail) {

    public static ActionOutcome accepted(String detail) {
        return new ActionOutcome(true, detail);
    }

    /** The action does not apply now (e.g. starting a running VM): answered with 409. */
    public static ActionOutcome refused(String detail) {
        return new ActionOutcome(false, detail);
    }
}

package io.dcloud.ledger.market;

/**
 * The contract's rental state machine, in its numbering. Requested -> Active | Rejected | Reclaimed; Active -> Ended
 * | Expired. Rejected, Reclaimed, Ended and Expired are final.
 */
public enum RentalState {
    NONE,
    REQUESTED,
    ACTIVE,
    REJECTED,
    RECLAIMED,
    ENDED,
    EXPIRED;

    public static RentalState ofCode(int code) {
        if (code < 0 || code >= values().length) {
            throw new IllegalArgumentException("unknown rental state code " + code);
        }
        return values()[code];
    }

    /** Whether the provider should be running a VM for a rental in this state. */
    public boolean needsVm() {
        return this == REQUESTED || this == ACTIVE;
    }
}

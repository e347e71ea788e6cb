package io.dcloud.appliance.api.rentals;

/** What an admin can do to a rental's VM; the path segment is the action's id. */
public enum RentalAction {
    STOP("stop"),
    START("start"),
    REBOOT("reboot"),
    /**
     * End the rental now where it is kept (a ledger rental is terminated on the chain: its tenant stops paying and
     * gets the unaccrued escrow back); its VM is torn down after the teardown grace.
     */
    FORCE_END("force-end");

    private final String id;

    RentalAction(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}

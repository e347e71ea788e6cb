package io.dcloud.appliance.reconcile;

import java.util.List;
import java.util.Optional;

/**
 * What one reconciliation pass did, by rental id; {@code ledgerError} is set when the ledger could not be read.
 *
 * @param rentalsServed how many rentals of this provider are requested or active (0 when the ledger was unread)
 */
public record PassReport(
        int rentalsServed,
        List<String> created,
        List<String> accepted,
        List<String> rejected,
        List<String> destroyed,
        List<String> failures,
        Optional<String> ledgerError) {

    public boolean changedAnything() {
        return !(created.isEmpty() && accepted.isEmpty() && rejected.isEmpty() && destroyed.isEmpty());
    }
}

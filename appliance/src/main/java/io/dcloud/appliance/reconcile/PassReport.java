package io.dcloud.appliance.reconcile;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconciliation pass did, by rental id; {@code ledgerError} is set when a rental source (in practice the
 * ledger) could not be read.
 *
 * @param servedBySource how many rentals each source that was read wants served (requested or active), by source
 *     name; a source that could not be read is missing
 */
public record PassReport(
        Map<String, Integer> servedBySource,
        List<String> created,
        List<String> accepted,
        List<String> rejected,
        List<String> destroyed,
        List<String> failures,
        Optional<String> ledgerError) {

    public PassReport {
        servedBySource = Map.copyOf(servedBySource);
    }

    /** How many rentals this host serves, whatever their source: what the offers' stock is counted against. */
    public int rentalsServed() {
        return servedBySource.values().stream().mapToInt(Integer::intValue).sum();
    }

    public boolean changedAnything() {
        return !(created.isEmpty() && accepted.isEmpty() && rejected.isEmpty() && destroyed.isEmpty());
    }
}

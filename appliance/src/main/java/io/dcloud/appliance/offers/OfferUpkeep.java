package io.dcloud.appliance.offers;

import io.dcloud.appliance.reconcile.PassReport;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs an {@link OfferSync} after reconciler passes: at once when the number of rentals served changed (stock
 * follows capacity), and otherwise every {@value #EVERY_PASSES} passes (prices or inventory may have changed).
 * Skipped while the ledger is unreachable.
 */
public final class OfferUpkeep implements Consumer<PassReport> {
    private static final Logger LOG = Logger.getLogger(OfferUpkeep.class.getName());
    static final int EVERY_PASSES = 30;

    private final OfferSync sync;
    private int lastServed = -1;
    private int passesSinceSync;

    public OfferUpkeep(OfferSync sync) {
        this.sync = sync;
    }

    @Override
    public void accept(PassReport report) {
        if (report.ledgerError().isPresent()) {
            return;
        }
        passesSinceSync++;
        if (report.rentalsServed() == lastServed && passesSinceSync < EVERY_PASSES) {
            return;
        }
        // A failed attempt waits for the next change or period too: a host that cannot be read (or a ledger that
        // refuses) would otherwise be asked again on every pass.
        lastServed = report.rentalsServed();
        passesSinceSync = 0;
        try {
            sync.sync(report.rentalsServed());
        } catch (Exception e) {
            LOG.log(
                    Level.WARNING,
                    "offers could not be brought in step with the host (retried in " + EVERY_PASSES
                            + " passes or when rentals change): " + e);
        }
    }
}

package io.dcloud.appliance.reconcile;

import java.util.List;
import java.util.Set;

/**
 * Where desired rentals come from and where their outcome is reported: the ledger ({@link ChainRentals}) or the
 * admin's local rentals. The reconciler serves every source alike; only the source knows what accepting or
 * rejecting a rental means for it.
 */
public interface RentalSource {

    /** A short name for logs and reports, e.g. {@code ledger}. */
    String name();

    /** This source's rentals that need a VM now (requested or active); throws when it cannot be read now. */
    List<DesiredRental> desired() throws Exception;

    /**
     * Whether a VM of this rental id belongs to this source. While a source cannot be read, its VMs are left as
     * they are: nothing is known about their rentals.
     */
    boolean owns(String rentalId);

    /** The rental's VM answers: hand it to its tenant. */
    void accept(DesiredRental rental, String accessDetails) throws Exception;

    /** The rental cannot be served here, for {@code reason}. */
    void reject(DesiredRental rental, String reason) throws Exception;

    /**
     * The admin ends the rental now, for {@code reason}, where its source keeps it (the ledger, the local records).
     * Its VM is not touched here: a later pass finds the rental over and tears the VM down after the grace period,
     * so a crash between the two leaves a rental that is over and a VM the next pass removes, never the reverse.
     *
     * @throws IllegalStateException when the rental is over already (or this source does not know it)
     */
    void endNow(String rentalId, String reason) throws Exception;

    /**
     * Called after every pass that read this source, with the rental ids that still have a VM: a source that keeps
     * records of its own drops those of rentals that are over and whose VM is gone.
     */
    default void forgetEnded(Set<String> rentalsWithVm) throws Exception {}
}

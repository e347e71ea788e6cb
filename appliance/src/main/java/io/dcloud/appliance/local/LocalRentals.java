package io.dcloud.appliance.local;

import io.dcloud.appliance.reconcile.DesiredRental;
import io.dcloud.appliance.reconcile.RentalShape;
import io.dcloud.appliance.reconcile.RentalSource;
import io.dcloud.ledger.market.RentalState;
import io.dcloud.vm.spec.VmKind;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The admin's local rentals as a {@link RentalSource}: the reconciler serves them like ledger rentals, and their
 * outcome is recorded here instead of on the ledger (ready: active; provisioning failed: failed, with the reason).
 * Once one is over (ended by the admin, or its hours ran out) and its VM is gone, its record goes.
 */
public final class LocalRentals implements RentalSource {
    private static final Logger LOG = Logger.getLogger(LocalRentals.class.getName());

    /** What the VM's metadata records as the tenant of a local rental. */
    public static final String TENANT = "local-admin";

    private final LocalRentalStore store;
    private final Clock clock;

    public LocalRentals(LocalRentalStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public LocalRentalStore store() {
        return store;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public List<DesiredRental> desired() {
        var now = clock.instant();
        return store.all().stream()
                .filter(r -> r.needsVm(now))
                .map(LocalRentals::desired)
                .toList();
    }

    static DesiredRental desired(LocalRental rental) {
        return new DesiredRental(
                rental.id(),
                TENANT,
                rental.state() == LocalRentalState.ACTIVE ? RentalState.ACTIVE : RentalState.REQUESTED,
                new RentalShape(VmKind.STANDARD, rental.vcpus(), rental.ramMiB(), rental.diskGiB()),
                rental.sshKey(),
                rental.label());
    }

    @Override
    public boolean owns(String rentalId) {
        return rentalId.startsWith(LocalRental.ID_PREFIX);
    }

    /** Only a rental still requested becomes active: one the admin ended meanwhile stays ended. */
    @Override
    public void accept(DesiredRental rental, String accessDetails) throws IOException {
        var now = clock.instant();
        store.update(rental.rentalId(), r -> r.state() == LocalRentalState.REQUESTED ? r.activated(now) : r);
    }

    @Override
    public void reject(DesiredRental rental, String reason) throws IOException {
        store.update(rental.rentalId(), r -> r.needsVm(clock.instant()) ? r.failed(reason) : r);
    }

    /**
     * Ends a rental now, for {@code reason}; its VM is torn down after the grace period like any other.
     *
     * @return the ended rental, or empty when there is no such rental
     * @throws IllegalStateException when it is over already
     */
    public Optional<LocalRental> end(String id, String reason) throws IOException {
        var now = clock.instant();
        var current = store.get(id);
        if (current.isPresent() && current.get().state() == LocalRentalState.ENDED) {
            throw new IllegalStateException("rental " + id + " is already ended");
        }
        return store.update(id, r -> r.state() == LocalRentalState.ENDED ? r : r.ended(now, reason));
    }

    @Override
    public void endNow(String rentalId, String reason) throws IOException {
        if (end(rentalId, "ended by the admin: " + reason).isEmpty()) {
            throw new IllegalStateException("no local rental " + rentalId);
        }
    }

    /** Failed rentals stay, so that the admin sees why, until the admin ends them. */
    @Override
    public void forgetEnded(Set<String> rentalsWithVm) throws IOException {
        var now = clock.instant();
        for (LocalRental rental : store.all()) {
            boolean over = rental.state() == LocalRentalState.ENDED
                    || (rental.state() == LocalRentalState.ACTIVE && !rental.needsVm(now));
            if (over && !rentalsWithVm.contains(rental.id())) {
                store.remove(rental.id());
                LOG.info("local rental " + rental.id() + ": over and its VM is gone, record removed");
            }
        }
    }
}

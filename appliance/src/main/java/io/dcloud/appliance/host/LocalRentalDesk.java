package io.dcloud.appliance.host;

import io.dcloud.appliance.api.Problem;
import io.dcloud.appliance.api.ProblemException;
import io.dcloud.appliance.api.rentals.NewRental;
import io.dcloud.appliance.api.rentals.RentalCreation;
import io.dcloud.appliance.api.rentals.RentalSize;
import io.dcloud.appliance.api.rentals.RentalView;
import io.dcloud.appliance.config.OffersConfig;
import io.dcloud.appliance.local.LocalRental;
import io.dcloud.appliance.local.LocalRentalState;
import io.dcloud.appliance.local.LocalRentals;
import io.dcloud.appliance.offers.OfferPlan;
import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.lifecycle.Vm;
import io.dcloud.vm.lifecycle.VmManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;

/**
 * Admits the admin's local rentals: the label must be free (no VM routes it, no other local rental wants it) and
 * the host must have room by the offers' own rule, counting ledger and local rentals alike. An admitted rental is
 * recorded before the reconciler is woken to serve it.
 */
public final class LocalRentalDesk implements RentalCreation {
    private final LocalRentals rentals;
    private final VmManager vms;
    private final Callable<HostInventory> inventory;
    private final OffersConfig offers;
    private final IntSupplier ledgerServed;
    private final String domain;
    private final Clock clock;
    private final Runnable wake;

    /**
     * @param ledgerServed how many rentals the ledger wanted served at the last pass that read it
     * @param wake asks the reconciler for a pass now
     */
    public LocalRentalDesk(
            LocalRentals rentals,
            VmManager vms,
            Callable<HostInventory> inventory,
            OffersConfig offers,
            IntSupplier ledgerServed,
            String domain,
            Clock clock,
            Runnable wake) {
        this.rentals = rentals;
        this.vms = vms;
        this.inventory = inventory;
        this.offers = offers;
        this.ledgerServed = ledgerServed;
        this.domain = domain;
        this.clock = clock;
        this.wake = wake;
    }

    @Override
    public RentalSize offerSize() {
        return new RentalSize(offers.vcpus(), offers.ramMiB(), offers.diskGiB());
    }

    /** One at a time, so two requests cannot both take the last room or the same label. */
    @Override
    public synchronized RentalView create(NewRental request) {
        var now = clock.instant();
        List<Vm> running = list();
        String route = request.label() + "." + domain;
        for (Vm vm : running) {
            if (vm.metadata().routes().contains(route)) {
                throw conflict("the name " + route + " is taken by rental "
                        + vm.metadata().rentalId());
            }
        }
        List<LocalRental> local =
                rentals.store().all().stream().filter(r -> r.needsVm(now)).toList();
        for (LocalRental other : local) {
            if (other.label().equals(request.label())) {
                throw conflict("the name " + route + " is taken by local rental " + other.id());
            }
        }
        // Ledger rentals: as many as the last ledger read wanted, at least as many as have a VM (while the ledger
        // is unreachable its VMs stay, and so does the room they take).
        long ledgerVms = running.stream()
                .filter(vm -> !rentals.owns(vm.metadata().rentalId()))
                .count();
        int served = (int) Math.max(ledgerServed.getAsInt(), ledgerVms) + local.size();
        HostInventory host;
        try {
            host = inventory.call();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the host inventory: " + e.getMessage(), e);
        }
        if (OfferPlan.stock(offers, host, served) < 1) {
            throw conflict("this host has no room left: " + OfferPlan.capacity(offers, host)
                    + " VMs of the offer size fit and " + served + " rentals are served");
        }
        LocalRental created;
        try {
            created = rentals.store()
                    .create(id -> new LocalRental(
                            id,
                            request.label(),
                            request.sshKey(),
                            request.size().vcpus(),
                            request.size().ramMib(),
                            request.size().diskGib(),
                            request.hours(),
                            now,
                            LocalRentalState.REQUESTED,
                            null,
                            null,
                            null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        wake.run();
        return HostViews.localView(created, Optional.empty(), domain, now);
    }

    private List<Vm> list() {
        try {
            return vms.list();
        } catch (Exception e) {
            throw new IllegalStateException("libvirt: " + e.getMessage(), e);
        }
    }

    private static ProblemException conflict(String detail) {
        return new ProblemException(Problem.conflict(detail));
    }
}

package io.dcloud.appliance.reconcile;

import io.dcloud.appliance.dataplane.DataPlane;
import io.dcloud.ledger.market.RentalState;
import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.lifecycle.Vm;
import io.dcloud.vm.lifecycle.VmManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The one control loop of the appliance. Each pass reads desired state (this provider's requested and active
 * rentals on the ledger) and actual state (libvirt domains carrying dcloud metadata) afresh and takes the smallest
 * idempotent steps between them: create a missing VM, accept a rental whose VM answers, reject one that cannot be
 * served, destroy a VM whose rental is over. VM names derive from rental ids, so a pass after {@code kill -9}
 * finds what the last one made instead of making it twice. The data plane is rebuilt from libvirt first, before
 * the ledger is asked anything, so it keeps serving while the ledger is down.
 */
public final class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

    private final VmManager vms;
    private final Callable<HostInventory> inventory;
    private final ChainRentals ledger;
    private final DataPlane dataPlane;
    private final ReadinessProbe probe;
    private final ProvisionSettings settings;
    private final Placement placement;
    private final Clock clock;
    /** When a VM was first seen waiting (for readiness) or unwanted (for teardown): timers only, never truth. */
    private final Map<String, Instant> waitingSince = new HashMap<>();

    private final Map<String, Instant> unwantedSince = new HashMap<>();

    public Reconciler(
            VmManager vms,
            Callable<HostInventory> inventory,
            ChainRentals ledger,
            DataPlane dataPlane,
            ReadinessProbe probe,
            ProvisionSettings settings,
            Clock clock) {
        this.vms = vms;
        this.inventory = inventory;
        this.ledger = ledger;
        this.dataPlane = dataPlane;
        this.probe = probe;
        this.settings = settings;
        this.placement =
                new Placement(settings.network(), settings.portFirst(), settings.portLast(), settings.portBlockSize());
        this.clock = clock;
    }

    public synchronized PassReport pass() throws Exception {
        var report = new Builder();
        List<Vm> actual = vms.list();
        dataPlane.apply(actual);
        List<DesiredRental> desired;
        try {
            desired = ledger.desired();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "ledger unreachable; the data plane keeps serving: " + e.getMessage());
            return report.build(0, Optional.of(String.valueOf(e.getMessage())));
        }
        Map<String, Vm> byName = actual.stream().collect(Collectors.toMap(Vm::name, Function.identity()));
        for (DesiredRental rental : desired) {
            Vm vm = byName.get(rental.vmName());
            if (vm == null && rental.state() == RentalState.REQUESTED) {
                create(rental, actual, report).ifPresent(actual::add);
            } else if (vm != null && rental.state() == RentalState.REQUESTED) {
                acceptWhenReady(rental, vm, report);
            }
        }
        var wanted = desired.stream().map(DesiredRental::vmName).collect(Collectors.toSet());
        for (Vm vm : List.copyOf(actual)) {
            if (wanted.contains(vm.name())) {
                unwantedSince.remove(vm.name());
            } else if (expired(unwantedSince, vm.name(), settings.teardownGrace())) {
                destroy(vm, report);
            }
        }
        // Files and DHCP entries of no domain: a crash between preparing a VM and defining it. Nothing is being
        // made at this point of the pass, so every such leftover can go.
        for (String name : vms.removeOrphans()) {
            LOG.info("removed the leftovers of " + name + " (files or DHCP entry without a domain)");
        }
        if (report.changedVms()) {
            dataPlane.apply(vms.list());
        }
        return report.build(desired.size(), Optional.empty());
    }

    private Optional<Vm> create(DesiredRental rental, List<Vm> actual, Builder report) {
        String route = settings.routeName(rental.label());
        boolean labelTaken =
                actual.stream().anyMatch(vm -> vm.metadata().routes().contains(route));
        try {
            if (labelTaken) {
                throw new IllegalArgumentException("the name " + route + " is taken by another rental");
            }
            var spec = RentalVmSpec.of(rental, placement.place(rental.rentalId(), actual), settings);
            Vm vm = vms.create(spec, inventory.call());
            report.created.add(rental.rentalId());
            LOG.info("rental " + rental.rentalId() + ": VM " + vm.name() + " created at "
                    + vm.network().ip());
            return Optional.of(vm);
        } catch (Exception e) {
            reject(rental, "cannot provision: " + e.getMessage(), report);
            return Optional.empty();
        }
    }

    private void acceptWhenReady(DesiredRental rental, Vm vm, Builder report) {
        if (probe.ready(vm)) {
            try {
                ledger.accept(rental.rentalId(), AccessDetails.of(rental, vm, settings));
                waitingSince.remove(vm.name());
                report.accepted.add(rental.rentalId());
                LOG.info("rental " + rental.rentalId() + ": accepted, VM answers on SSH");
            } catch (Exception e) {
                report.failures.add(rental.rentalId() + ": accept failed: " + e.getMessage());
            }
        } else if (expired(waitingSince, vm.name(), settings.readyTimeout())) {
            destroy(vm, report);
            reject(rental, "VM did not answer on SSH within " + settings.readyTimeout(), report);
        }
    }

    private void reject(DesiredRental rental, String reason, Builder report) {
        LOG.warning("rental " + rental.rentalId() + ": rejecting, " + reason);
        try {
            ledger.reject(rental.rentalId(), reason);
            report.rejected.add(rental.rentalId());
        } catch (Exception e) {
            report.failures.add(rental.rentalId() + ": reject failed: " + e.getMessage());
        }
    }

    private void destroy(Vm vm, Builder report) {
        try {
            vms.destroy(vm.name());
            unwantedSince.remove(vm.name());
            waitingSince.remove(vm.name());
            report.destroyed.add(vm.metadata().rentalId());
            LOG.info("rental " + vm.metadata().rentalId() + ": over, VM " + vm.name() + " destroyed");
        } catch (Exception e) {
            report.failures.add(vm.metadata().rentalId() + ": destroy failed: " + e.getMessage());
        }
    }

    private boolean expired(Map<String, Instant> timers, String name, Duration limit) {
        Instant since = timers.computeIfAbsent(name, n -> clock.instant());
        return !clock.instant().isBefore(since.plus(limit));
    }

    private static final class Builder {
        final List<String> created = new ArrayList<>();
        final List<String> accepted = new ArrayList<>();
        final List<String> rejected = new ArrayList<>();
        final List<String> destroyed = new ArrayList<>();
        final List<String> failures = new ArrayList<>();

        boolean changedVms() {
            return !created.isEmpty() || !destroyed.isEmpty();
        }

        PassReport build(int rentalsServed, Optional<String> ledgerError) {
            return new PassReport(rentalsServed, created, accepted, rejected, destroyed, failures, ledgerError);
        }
    }
}

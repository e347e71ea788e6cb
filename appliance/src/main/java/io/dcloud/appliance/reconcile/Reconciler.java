package io.dcloud.appliance.reconcile;

import io.dcloud.appliance.dataplane.DataPlane;
import io.dcloud.ledger.market.RentalState;
import io.dcloud.vm.inventory.GpuUnit;
import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.lifecycle.Vm;
import io.dcloud.vm.lifecycle.VmManager;
import io.dcloud.vm.spec.PciAddress;
import io.dcloud.vm.spec.VmKind;
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
 * The one control loop of the appliance. Each pass reads desired state (the requested and active rentals of every
 * {@link RentalSource}: this provider's on the ledger, and the admin's local ones) and actual state (libvirt domains
 * carrying dcloud metadata) afresh and takes the smallest idempotent steps between them: create a missing VM,
 * accept a rental whose VM answers, reject one that cannot be served, destroy a VM whose rental is over. VM names
 * derive from rental ids, so a pass after {@code kill -9} finds what the last one made instead of making it twice.
 * The data plane is rebuilt from libvirt first, before any source is asked anything, so it keeps serving while the
 * ledger is down; a source that cannot be read only leaves its own VMs as they are, the others are served.
 */
public final class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

    private final VmManager vms;
    private final Callable<HostInventory> inventory;
    private final List<RentalSource> sources;
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
            List<RentalSource> sources,
            DataPlane dataPlane,
            ReadinessProbe probe,
            ProvisionSettings settings,
            Clock clock) {
        this.vms = vms;
        this.inventory = inventory;
        this.sources = List.copyOf(sources);
        this.dataPlane = dataPlane;
        this.probe = probe;
        this.settings = settings;
        this.placement =
                new Placement(settings.network(), settings.portFirst(), settings.portLast(), settings.portBlockSize());
        this.clock = clock;
    }

    public synchronized PassReport pass() throws Exception {
        var report = new Builder();
        List<Vm> actual = new ArrayList<>(vms.list());
        dataPlane.apply(actual);
        List<Read> reads = new ArrayList<>();
        List<RentalSource> unread = new ArrayList<>();
        for (RentalSource source : sources) {
            try {
                reads.add(new Read(source, source.desired()));
            } catch (Exception e) {
                LOG.log(
                        Level.WARNING,
                        source.name() + " unreachable; its VMs are left as they are and the data plane keeps serving: "
                                + e.getMessage());
                unread.add(source);
                report.sourceErrors.add(String.valueOf(e.getMessage()));
            }
        }
        Map<String, Vm> byName = actual.stream().collect(Collectors.toMap(Vm::name, Function.identity()));
        for (Read read : reads) {
            for (DesiredRental rental : read.rentals()) {
                Vm vm = byName.get(rental.vmName());
                if (vm == null && rental.state() == RentalState.REQUESTED) {
                    create(rental, read.source(), actual, report).ifPresent(actual::add);
                } else if (vm != null && rental.state() == RentalState.REQUESTED) {
                    acceptWhenReady(rental, read.source(), vm, actual, report);
                }
            }
        }
        var wanted = reads.stream()
                .flatMap(r -> r.rentals().stream())
                .map(DesiredRental::vmName)
                .collect(Collectors.toSet());
        for (Vm vm : List.copyOf(actual)) {
            if (wanted.contains(vm.name())) {
                unwantedSince.remove(vm.name());
            } else if (unknown(vm, unread)) {
                unwantedSince.remove(vm.name());
            } else if (expired(unwantedSince, vm.name(), settings.teardownGrace())) {
                destroy(vm, actual, report);
            }
        }
        // Files and DHCP entries of no domain: a crash between preparing a VM and defining it. Nothing is being
        // made at this point of the pass, so every such leftover can go.
        for (String name : vms.removeOrphans()) {
            LOG.info("removed the leftovers of " + name + " (files or DHCP entry without a domain)");
        }
        var withVm = actual.stream().map(vm -> vm.metadata().rentalId()).collect(Collectors.toSet());
        for (Read read : reads) {
            try {
                read.source().forgetEnded(withVm);
            } catch (Exception e) {
                report.failures.add(read.source().name() + ": cannot forget ended rentals: " + e.getMessage());
            }
        }
        if (report.changedVms()) {
            dataPlane.apply(vms.list());
        }
        return report.build(reads);
    }

    /**
     * Whether nothing is known about this VM's rental now: its source could not be read, or no source claims it
     * and one could not be read. Such a VM is left alone (and its teardown timer restarts) until it is known again.
     */
    private boolean unknown(Vm vm, List<RentalSource> unread) {
        String id = vm.metadata().rentalId();
        return unread.stream().anyMatch(s -> s.owns(id))
                || (!unread.isEmpty() && sources.stream().noneMatch(s -> s.owns(id)));
    }

    private Optional<Vm> create(DesiredRental rental, RentalSource source, List<Vm> actual, Builder report) {
        String route = settings.routeName(rental.label());
        boolean labelTaken =
                actual.stream().anyMatch(vm -> vm.metadata().routes().contains(route));
        try {
            if (labelTaken) {
                throw new IllegalArgumentException("the name " + route + " is taken by another rental");
            }
            var host = inventory.call();
            var spec = RentalVmSpec.of(
                    rental, placement.place(rental.rentalId(), actual), gpusFor(rental, host), settings);
            Vm vm = vms.create(spec, host);
            report.created.add(rental.rentalId());
            LOG.info("rental " + rental.rentalId() + ": VM " + vm.name() + " created at "
                    + vm.network().ip());
            return Optional.of(vm);
        } catch (Exception e) {
            reject(rental, source, "cannot provision: " + e.getMessage(), report);
            return Optional.empty();
        }
    }

    /**
     * A GPU rental gets the first GPU no VM holds, with its IOMMU group; which ones are held is read from libvirt's
     * definitions each time, so a crash between two passes can neither lose nor double-assign one.
     */
    private List<PciAddress> gpusFor(DesiredRental rental, HostInventory host) throws Exception {
        if (rental.shape().kind() != VmKind.GPU) {
            return List.of();
        }
        var held = vms.passedThrough();
        return host.gpuUnits().stream()
                .filter(unit -> unit.freeGiven(held))
                .findFirst()
                .map(GpuUnit::devices)
                .orElseThrow(() -> new IllegalStateException("no free GPU on this host (all "
                        + host.gpuUnits().size() + " are passed through to other VMs)"));
    }

    private void acceptWhenReady(DesiredRental rental, RentalSource source, Vm vm, List<Vm> actual, Builder report) {
        if (probe.ready(vm)) {
            try {
                source.accept(rental, AccessDetails.of(rental, vm, settings));
                waitingSince.remove(vm.name());
                report.accepted.add(rental.rentalId());
                LOG.info("rental " + rental.rentalId() + ": accepted, VM answers on SSH");
            } catch (Exception e) {
                report.failures.add(rental.rentalId() + ": accept failed: " + e.getMessage());
            }
        } else if (expired(waitingSince, vm.name(), settings.readyTimeout())) {
            destroy(vm, actual, report);
            reject(rental, source, "VM did not answer on SSH within " + settings.readyTimeout(), report);
        }
    }

    private void reject(DesiredRental rental, RentalSource source, String reason, Builder report) {
        LOG.warning("rental " + rental.rentalId() + ": rejecting, " + reason);
        try {
            source.reject(rental, reason);
            report.rejected.add(rental.rentalId());
        } catch (Exception e) {
            report.failures.add(rental.rentalId() + ": reject failed: " + e.getMessage());
        }
    }

    private void destroy(Vm vm, List<Vm> actual, Builder report) {
        try {
            vms.destroy(vm.name());
            actual.remove(vm);
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
        final List<String> sourceErrors = new ArrayList<>();

        boolean changedVms() {
            return !created.isEmpty() || !destroyed.isEmpty();
        }

        PassReport build(List<Read> reads) {
            Map<String, Integer> served = new HashMap<>();
            reads.forEach(r -> served.put(r.source().name(), r.rentals().size()));
            Optional<String> errors =
                    sourceErrors.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", sourceErrors));
            return new PassReport(served, created, accepted, rejected, destroyed, failures, errors);
        }
    }

    /** One source's desired rentals, as read in this pass. */
    private record Read(RentalSource source, List<DesiredRental> rentals) {}
}

package io.dcloud.appliance.host;

import io.dcloud.appliance.api.rentals.ActionOutcome;
import io.dcloud.appliance.api.rentals.RentalAction;
import io.dcloud.appliance.api.rentals.RentalActions;
import io.dcloud.appliance.reconcile.RentalSource;
import io.dcloud.vm.lifecycle.Vm;
import io.dcloud.vm.lifecycle.VmManager;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The admin's actions on a rental. Stop, start and reboot act on its VM in libvirt at once. Force-end ends the
 * rental where its source keeps it (a ledger rental is terminated on the chain, so its tenant stops paying; a local
 * one is marked ended) and leaves the VM to the reconciler, which tears it down after the grace period like any
 * rental that is over: the source is the truth, so no crash can leave a rental running on the ledger without a VM.
 */
public final class AdminRentalActions implements RentalActions {
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final VmManager vms;
    private final List<RentalSource> sources;
    private final Runnable wake;

    /** @param wake asks the reconciler for a pass soon, to act on what changed */
    public AdminRentalActions(VmManager vms, List<RentalSource> sources, Runnable wake) {
        this.vms = vms;
        this.sources = List.copyOf(sources);
        this.wake = wake;
    }

    @Override
    public ActionOutcome perform(String rentalId, RentalAction action, String reason) {
        return action == RentalAction.FORCE_END ? endNow(rentalId, reason) : onVm(rentalId, action);
    }

    private ActionOutcome endNow(String rentalId, String reason) {
        Optional<RentalSource> source =
                sources.stream().filter(s -> s.owns(rentalId)).findFirst();
        if (source.isEmpty()) {
            return ActionOutcome.refused("rental " + rentalId + " belongs to no rental source of this appliance");
        }
        try {
            source.get().endNow(rentalId, reason);
        } catch (IllegalStateException e) {
            return ActionOutcome.refused(e.getMessage());
        } catch (Exception e) {
            return ActionOutcome.refused("force-end failed, the VM is untouched (try again): " + e.getMessage());
        }
        wake.run();
        return ActionOutcome.accepted(
                source.get().name() + " rental " + rentalId + " ended; its VM is torn down after the grace period");
    }

    private ActionOutcome onVm(String rentalId, RentalAction action) {
        Optional<Vm> vm;
        try {
            vm = vms.list().stream()
                    .filter(v -> v.metadata().rentalId().equals(rentalId))
                    .findFirst();
        } catch (Exception e) {
            return ActionOutcome.refused(action.id() + " failed: libvirt: " + e.getMessage());
        }
        if (vm.isEmpty()) {
            return ActionOutcome.refused("rental " + rentalId + " has no VM on this host");
        }
        String name = vm.get().name();
        try {
            switch (action) {
                case STOP -> vms.stop(name, STOP_GRACE);
                case START -> vms.start(name);
                case REBOOT -> vms.reboot(name);
            }
        } catch (Exception e) {
            return ActionOutcome.refused(action.id() + " failed: " + e.getMessage());
        }
        wake.run();
        return ActionOutcome.accepted(action.id() + " done for " + name);
    }
}

package io.dcloud.appliance.reconcile;

import io.dcloud.vm.spec.CloudInit;
import io.dcloud.vm.spec.DcloudMetadata;
import io.dcloud.vm.spec.InvalidSpecException;
import io.dcloud.vm.spec.PciAddress;
import io.dcloud.vm.spec.VmSpec;
import java.util.List;
import java.util.Optional;

/** Turns a rental and its placement into the VM spec; tenant input (label, key) is checked here first. */
final class RentalVmSpec {
    private RentalVmSpec() {}

    /** @param gpus the host devices a GPU rental is given (a GPU and its IOMMU group), empty for other kinds */
    static VmSpec of(DesiredRental rental, Placement.Slot slot, List<PciAddress> gpus, ProvisionSettings settings) {
        if (!RentalLabel.isValid(rental.label())) {
            throw new InvalidSpecException("label: '" + rental.label() + "' is not one lower-case DNS label");
        }
        var shape = rental.shape();
        if (shape.ramMiB() > Integer.MAX_VALUE || shape.diskGiB() > Integer.MAX_VALUE) {
            throw new InvalidSpecException("rental " + rental.rentalId() + ": RAM or disk is out of range");
        }
        return new VmSpec(
                rental.vmName(),
                shape.kind(),
                shape.vcpus(),
                (int) shape.ramMiB(),
                (int) Math.max(1, shape.diskGiB()),
                settings.baseImage(),
                new CloudInit(rental.label(), List.of(settings.loginUser()), List.of(rental.sshKey()), ""),
                slot.attachment(),
                gpus,
                new DcloudMetadata(
                        rental.rentalId(),
                        rental.tenant(),
                        Optional.of(slot.ports()),
                        List.of(settings.routeName(rental.label()))),
                false,
                List.of(),
                settings.boot());
    }
}

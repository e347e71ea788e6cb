package io.dcloud.appliance.reconcile;

import io.dcloud.ledger.market.OfferKind;
import io.dcloud.vm.spec.CloudInit;
import io.dcloud.vm.spec.DcloudMetadata;
import io.dcloud.vm.spec.InvalidSpecException;
import io.dcloud.vm.spec.VmKind;
import io.dcloud.vm.spec.VmSpec;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns a rental and its placement into the VM spec; tenant input (label, key) is checked here first. */
final class RentalVmSpec {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private RentalVmSpec() {}

    static VmSpec of(DesiredRental rental, Placement.Slot slot, ProvisionSettings settings) {
        if (rental.label() == null || !LABEL.matcher(rental.label()).matches()) {
            throw new InvalidSpecException("label: '" + rental.label() + "' is not one lower-case DNS label");
        }
        var terms = rental.terms();
        if (terms.ramMiB() > Integer.MAX_VALUE || terms.diskGiB() > Integer.MAX_VALUE) {
            throw new InvalidSpecException("offer " + rental.rentalId() + ": RAM or disk is out of range");
        }
        return new VmSpec(
                rental.vmName(),
                kind(terms.kind()),
                terms.vcpu(),
                (int) terms.ramMiB(),
                (int) Math.max(1, terms.diskGiB()),
                settings.baseImage(),
                new CloudInit(rental.label(), List.of(settings.loginUser()), List.of(rental.sshKey()), ""),
                slot.attachment(),
                List.of(),
                new DcloudMetadata(
                        rental.rentalId(),
                        rental.tenant(),
                        Optional.of(slot.ports()),
                        List.of(settings.routeName(rental.label()))),
                false,
                List.of(),
                settings.boot());
    }

    private static VmKind kind(OfferKind kind) {
        return switch (kind) {
            case STANDARD -> VmKind.STANDARD;
            case SEV_SNP -> VmKind.SEV_SNP;
            case TDX -> VmKind.TDX;
            case GPU -> VmKind.GPU;
        };
    }
}

package io.dcloud.appliance.reconcile;

import io.dcloud.ledger.market.OfferTerms;
import io.dcloud.vm.spec.VmKind;

/**
 * The kind and size of a rental's VM: from its offer on the ledger, or chosen by the admin for a local rental. Sizes
 * stay as wide as the ledger's so that an out-of-range offer is refused when its VM is made, not when it is read.
 */
public record RentalShape(VmKind kind, int vcpus, long ramMiB, long diskGiB) {

    public static RentalShape of(OfferTerms terms) {
        var kind =
                switch (terms.kind()) {
                    case STANDARD -> VmKind.STANDARD;
                    case SEV_SNP -> VmKind.SEV_SNP;
                    case TDX -> VmKind.TDX;
                    case GPU -> VmKind.GPU;
                };
        return new RentalShape(kind, terms.vcpu(), terms.ramMiB(), terms.diskGiB());
    }
}

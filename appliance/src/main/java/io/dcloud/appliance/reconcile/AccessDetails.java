package io.dcloud.appliance.reconcile;

import io.dcloud.vm.lifecycle.Vm;

/** The text a tenant reads from the ledger once its rental is accepted: how to reach the VM. */
final class AccessDetails {
    private AccessDetails() {}

    static String of(DesiredRental rental, Vm vm, ProvisionSettings settings) {
        int sshPort = vm.metadata().portBlock().orElseThrow().first();
        return "ssh -p " + sshPort + " " + settings.loginUser() + "@" + settings.publicHost() + " ; https://"
                + settings.routeName(rental.label()) + "/";
    }
}

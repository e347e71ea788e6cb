package io.dcloud.appliance.reconcile;

import io.dcloud.vm.lifecycle.Vm;
import io.dcloud.vm.lifecycle.VmState;

/**
 * Ready means libvirt reports the domain running. Only for libvirt's test driver, where nothing boots and so no
 * guest could ever answer on SSH: there the appliance still walks a rental through its whole lifecycle.
 */
public final class RunningDomainProbe implements ReadinessProbe {
    @Override
    public boolean ready(Vm vm) {
        return vm.state() == VmState.RUNNING;
    }
}

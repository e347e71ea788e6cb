package io.dcloud.appliance.reconcile;

import io.dcloud.vm.lifecycle.Vm;

/**
 * Whether a VM is ready to be handed to its tenant. The real probe reads the guest's SSH banner; the reconciler's
 * fast tests run on libvirt's test driver, whose guests never boot, and there a probe is the only stand-in.
 */
@FunctionalInterface
public interface ReadinessProbe {
    boolean ready(Vm vm);
}

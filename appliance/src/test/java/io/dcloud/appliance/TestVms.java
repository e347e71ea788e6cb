package io.dcloud.appliance;

import io.dcloud.appliance.reconcile.DesiredRental;
import io.dcloud.vm.lifecycle.Vm;
import io.dcloud.vm.lifecycle.VmState;
import io.dcloud.vm.network.NatNetwork;
import io.dcloud.vm.spec.DcloudMetadata;
import io.dcloud.vm.spec.NetworkAttachment;
import io.dcloud.vm.spec.PortBlock;
import io.dcloud.vm.spec.VmKind;
import java.util.List;
import java.util.Optional;

/** VMs as libvirt would list them, for tests of what the appliance derives from them. */
public final class TestVms {
    private TestVms() {}

    /** A running standard VM of {@code rental} at {@code ip}, with a block of 10 ports and one route. */
    public static Vm vm(String rental, String ip, int firstPort, String route) {
        return new Vm(
                DesiredRental.vmName(rental),
                VmState.RUNNING,
                VmKind.STANDARD,
                new DcloudMetadata(rental, "0xtenant", Optional.of(new PortBlock(firstPort, 10)), List.of(route)),
                new NetworkAttachment(NatNetwork.defaults().name(), "52:54:00:00:00:01", ip));
    }
}

package io.dcloud.appliance.dataplane;

import io.dcloud.forward.PortForwarder;
import io.dcloud.sni.SniRouter;
import io.dcloud.vm.lifecycle.Vm;
import java.util.List;

/**
 * The appliance's data plane: the SNI/Host router and the port-forwarder, fed from libvirt's view of the VMs. It
 * never touches the ledger, so it keeps serving while the chain is unreachable.
 */
public final class DataPlane implements AutoCloseable {
    private final SniRouter router;
    private final PortForwarder forwarder;
    private final String listenHost;

    public DataPlane(SniRouter router, PortForwarder forwarder, String listenHost) {
        this.router = router;
        this.forwarder = forwarder;
        this.listenHost = listenHost;
    }

    /** Makes both tables match the VMs; connections of routes and ports that went away are cut. */
    public synchronized void apply(List<Vm> vms) {
        var tables = DataPlaneTables.of(vms, listenHost);
        router.replaceRoutes(tables.routes(), true);
        forwarder.apply(tables.mappings(), true);
    }

    public SniRouter router() {
        return router;
    }

    public PortForwarder forwarder() {
        return forwarder;
    }

    @Override
    public void close() {
        router.close();
        forwarder.close();
    }
}

package io.dcloud.appliance.dataplane;

import io.dcloud.forward.Mapping;
import io.dcloud.forward.Protocol;
import io.dcloud.relay.HostPort;
import io.dcloud.sni.route.Route;
import io.dcloud.sni.route.RouteTable;
import io.dcloud.vm.lifecycle.Vm;
import java.util.ArrayList;
import java.util.List;

/**
 * The router and forwarder tables implied by the VMs libvirt holds: each route name of a VM goes to its port 443
 * (TLS, by SNI) and its port 80 (HTTP, by Host),
 * the first port of its block to its SSH port, and every other port of the block to the same port number inside
 * the VM (so a tenant can publish a service on it). Computed from libvirt metadata alone, so a restarted appliance
 * rebuilds exactly the tables it had.
 */
public record DataPlaneTables(RouteTable routes, List<Mapping> mappings) {

    public static DataPlaneTables of(List<Vm> vms, String listenHost) {
        List<Route> routes = new ArrayList<>();
        List<Mapping> mappings = new ArrayList<>();
        for (Vm vm : vms) {
            String ip = vm.network().ip();
            for (String name : vm.metadata().routes()) {
                routes.add(new Route(name, new HostPort(ip, 443), new HostPort(ip, 80), false, 0));
            }
            vm.metadata().portBlock().ifPresent(block -> {
                for (int i = 0; i < block.count(); i++) {
                    int hostPort = block.first() + i;
                    int vmPort = i == 0 ? 22 : hostPort;
                    mappings.add(new Mapping(
                            new HostPort(listenHost, hostPort), new HostPort(ip, vmPort), Protocol.TCP, false));
                }
            });
        }
        return new DataPlaneTables(RouteTable.of(routes), List.copyOf(mappings));
    }
}

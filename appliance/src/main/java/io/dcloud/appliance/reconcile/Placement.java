package io.dcloud.appliance.reconcile;

import io.dcloud.forward.pool.PortPool;
import io.dcloud.vm.lifecycle.Vm;
import io.dcloud.vm.network.NatNetwork;
import io.dcloud.vm.spec.NetworkAttachment;
import io.dcloud.vm.spec.PortBlock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a new VM goes: a free address on the NAT network (its MAC derived from it) and a free block of host ports.
 * Everything in use is read from the VMs that exist, so placement keeps no state of its own and a restarted
 * appliance places around exactly what libvirt holds.
 */
public final class Placement {
    private final NatNetwork network;
    private final int portFirst;
    private final int portLast;
    private final int blockSize;

    public Placement(NatNetwork network, int portFirst, int portLast, int blockSize) {
        this.network = network;
        this.portFirst = portFirst;
        this.portLast = portLast;
        this.blockSize = blockSize;
    }

    public record Slot(NetworkAttachment attachment, PortBlock ports) {}

    /** A slot for {@code rentalId} that no VM in {@code existing} uses. */
    public Slot place(String rentalId, List<Vm> existing) {
        var pool = new PortPool(portFirst, portLast, blockSize);
        Set<String> usedIps = new HashSet<>();
        for (Vm vm : existing) {
            usedIps.add(vm.network().ip());
            vm.metadata()
                    .portBlock()
                    .ifPresent(b -> pool.restore(
                            new io.dcloud.forward.pool.PortBlock(vm.metadata().rentalId(), b.first(), b.count())));
        }
        var block = pool.allocate(rentalId);
        return new Slot(freeAddress(usedIps), new PortBlock(block.first(), block.size()));
    }

    private NetworkAttachment freeAddress(Set<String> used) {
        int[] start = octets(network.rangeStart());
        int[] end = octets(network.rangeEnd());
        String prefix = start[0] + "." + start[1] + "." + start[2] + ".";
        // .2-.9 stay free for the provider's own use on the bridge.
        for (int host = Math.max(start[3], 10); host <= end[3]; host++) {
            String ip = prefix + host;
            if (!used.contains(ip) && !ip.equals(network.gateway())) {
                return new NetworkAttachment(network.name(), macFor(start, host), ip);
            }
        }
        throw new IllegalStateException("network " + network.name() + " has no free address left");
    }

    private static String macFor(int[] octets, int host) {
        return String.format("52:54:00:%02x:%02x:%02x", octets[1], octets[2], host);
    }

    private static int[] octets(String ip) {
        String[] parts = ip.split("\\.");
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            out[i] = Integer.parseInt(parts[i]);
        }
        return out;
    }
}

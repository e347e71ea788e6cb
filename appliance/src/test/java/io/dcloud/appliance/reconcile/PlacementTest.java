package io.dcloud.appliance.reconcile;

import static io.dcloud.appliance.TestVms.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dcloud.vm.network.NatNetwork;
import io.dcloud.vm.spec.PortBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementTest {
    private static final NatNetwork NETWORK = NatNetwork.defaults();

    @Test
    void anEmptyHostGivesTheFirstAddressAndBlock() {
        var slot = new Placement(NETWORK, 20000, 20099, 10).place("7", List.of());
        assertEquals("10.77.0.10", slot.attachment().ip());
        assertEquals("52:54:00:4d:00:0a", slot.attachment().mac());
        assertEquals(new PortBlock(20000, 10), slot.ports());
    }

    @Test
    void placesAroundWhatLibvirtAlreadyHolds() {
        var existing =
                List.of(vm("1", "10.77.0.10", 20000, "a.p.example"), vm("2", "10.77.0.12", 20020, "b.p.example"));
        var slot = new Placement(NETWORK, 20000, 20099, 10).place("3", existing);
        assertEquals("10.77.0.11", slot.attachment().ip());
        assertEquals(new PortBlock(20010, 10), slot.ports());
    }

    @Test
    void aFullPortPoolIsRefusedWithItsReason() {
        var existing = List.of(vm("1", "10.77.0.10", 20000, "a.p.example"));
        var full = new Placement(NETWORK, 20000, 20009, 10);
        var e = assertThrows(IllegalStateException.class, () -> full.place("2", existing));
        assertEquals("port pool 20000-20009 is exhausted: 1 blocks of 10 in use", e.getMessage());
    }
}

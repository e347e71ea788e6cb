package io.dcloud.appliance.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.TestDriverHost;
import io.dcloud.appliance.api.rentals.ActionOutcome;
import io.dcloud.appliance.api.rentals.RentalAction;
import io.dcloud.appliance.local.LocalRental;
import io.dcloud.vm.lifecycle.VmState;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Domain;

/**
 * The admin's stop, start and reboot of a rental's VM, as the management API performs them, on libvirt's in-process
 * test driver: each changes the domain libvirt holds.
 */
class AdminVmActionsTest {
    @TempDir
    Path dir;

    private TestDriverHost host;
    private final AtomicInteger wakes = new AtomicInteger();
    private AdminRentalActions actions;
    private LocalRental rental;

    @BeforeEach
    void placeAVm() throws Exception {
        host = TestDriverHost.open(dir);
        actions = new AdminRentalActions(host.vms(), List.of(host.local()), wakes::incrementAndGet);
        rental = host.createLocal("ops", 24);
        var reconciler = host.reconciler(List.of(host.local()));
        assertEquals(List.of(rental.id()), reconciler.pass().created());
        assertEquals(List.of(rental.id()), reconciler.pass().accepted());
        assertEquals(VmState.RUNNING, state());
    }

    @AfterEach
    void close() throws Exception {
        host.close();
    }

    @Test
    void stopStartAndRebootChangeTheDomain() throws Exception {
        assertAccepted(actions.perform(rental.id(), RentalAction.STOP, "maintenance"));
        assertEquals(VmState.SHUT_OFF, state());
        assertAccepted(actions.perform(rental.id(), RentalAction.STOP, ""));
        assertEquals(VmState.SHUT_OFF, state(), "stopping a stopped VM changes nothing");

        assertAccepted(actions.perform(rental.id(), RentalAction.START, ""));
        assertEquals(VmState.RUNNING, state());

        // The test driver's reboot keeps no trace on a running domain but boots a paused one back to running.
        domain().suspend();
        assertEquals(VmState.PAUSED, state());
        assertAccepted(actions.perform(rental.id(), RentalAction.REBOOT, "tenant asked"));
        assertEquals(VmState.RUNNING, state(), "libvirt rebooted the domain");
        assertEquals(4, wakes.get(), "every action asks the reconciler for a pass");
    }

    @Test
    void rebootingAStoppedVmStartsIt() throws Exception {
        assertAccepted(actions.perform(rental.id(), RentalAction.STOP, ""));
        assertAccepted(actions.perform(rental.id(), RentalAction.REBOOT, ""));
        assertEquals(VmState.RUNNING, state());
    }

    @Test
    void aRentalWithoutAVmIsRefused() {
        var outcome = actions.perform("local-999", RentalAction.REBOOT, "");
        assertFalse(outcome.accepted());
        assertEquals("rental local-999 has no VM on this host", outcome.detail());
        assertEquals(0, wakes.get());
    }

    private VmState state() throws Exception {
        return host.vmOf(rental.id()).orElseThrow().state();
    }

    private Domain domain() throws Exception {
        return host.libvirt()
                .domainLookupByName(host.vmOf(rental.id()).orElseThrow().name());
    }

    private static void assertAccepted(ActionOutcome outcome) {
        assertTrue(outcome.accepted(), outcome.detail());
    }
}

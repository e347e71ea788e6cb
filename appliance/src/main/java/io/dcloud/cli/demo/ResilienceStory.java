package io.dcloud.cli.demo;

import io.dcloud.appliance.reconcile.DesiredRental;
import io.dcloud.ledger.market.Marketplace;
import io.dcloud.ledger.market.RentalState;
import io.dcloud.vm.libvirt.Connections;
import io.dcloud.vm.lifecycle.VmManager;
import io.dcloud.vm.network.NatNetwork;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * {@code dcloud demo --story resilience}: the appliance as a separate process, killed with SIGKILL while it
 * provisions a rental and started again (exactly one VM, the rental accepted, no orphan disk or seed), then the
 * ledger stopped under a running VM (SSH and HTTPS keep working, readiness says why) and started again (the next
 * rental is served). Each claim is checked; a failed check ends the demo with an error.
 */
final class ResilienceStory {
    private static final int API_PORT = 9443;

    private ResilienceStory() {}

    static void run(DemoWorld world) throws Exception {
        var progress = world.progress;
        Path config = world.writeConfig(world.work.resolve("state"));
        Path log = world.work.resolve("appliance.log");
        var appliance = new AtomicReference<>(ApplianceProcess.start(config, world.applianceEnv(), log));
        world.onClose(() -> appliance.get().close());
        progress.step("appliance: started as process " + appliance.get().pid() + " (log " + log + ")");

        Connect libvirt = Connections.open("qemu:///system");
        world.onClose(libvirt::close);
        var tenantSession = world.session(world.tenantKey);
        world.onClose(tenantSession);
        var tenant = new Marketplace(tenantSession, world.deployment);

        world.awaitOffer(tenant);
        var first = world.rent(tenant, "crash");
        String firstVm = DesiredRental.vmName(first.toString());
        await("the appliance to define and start " + firstVm, () -> domains(libvirt)
                .contains(firstVm));
        appliance.get().kill9();
        progress.step("kill -9 the appliance while it provisions: " + firstVm + " is defined and booting, rental "
                + first + " is " + tenant.rental(first).state());
        appliance.set(ApplianceProcess.start(config, world.applianceEnv(), log));
        progress.step("appliance: started again as process " + appliance.get().pid());
        world.awaitState(
                tenant, first, RentalState.ACTIVE, () -> domains(libvirt).contains(firstVm));
        List<String> vms = domains(libvirt);
        List<String> files = volumes(libvirt);
        if (!vms.equals(List.of(firstVm)) || !files.stream().allMatch(f -> f.startsWith(firstVm))) {
            throw new IllegalStateException("after the restart: domains " + vms + ", volumes " + files);
        }
        progress.step("checked: rental " + first + " is Active with exactly one VM " + vms + " and only its own "
                + "files in the pool " + files);
        world.checkSsh(20000, "crash");

        world.anvil.close();
        progress.step("ledger outage: anvil stopped under the running VM");
        await("readiness to report the ledger outage", () -> readiness().contains("ledger unreachable"));
        progress.step("checked: readiness says " + readiness().strip());
        world.checkSsh(20000, "crash");
        world.checkHttps("crash");
        world.anvil = world.anvil.restart();
        progress.step("ledger back: anvil restarted from its state file on the same port");
        var second = world.rent(tenant, "after-outage");
        world.awaitState(tenant, second, RentalState.ACTIVE, () -> domains(libvirt)
                .contains(DesiredRental.vmName(second.toString())));
        progress.step("checked: rental " + second + " after the outage is Active");
        world.checkSsh(20010, "after-outage");
        checkIsolation(world, libvirt, firstVm);

        for (BigInteger rental : List.of(first, second)) {
            tenant.end(rental);
        }
        progress.step("tenant ended both rentals");
        await(
                "both VMs to be torn down",
                () -> domains(libvirt).isEmpty() && volumes(libvirt).isEmpty());
        progress.step("checked: no domain and no volume left");
        progress.step("resilience demo complete");
    }

    /**
     * From inside the second VM: its gateway answers (DNS on TCP 53), the first VM's SSH port does not (libvirt's
     * isolated ports and clean-traffic filter keep tenants apart on the shared bridge).
     */
    private static void checkIsolation(DemoWorld world, Connect libvirt, String otherVm) throws Exception {
        String gateway = NatNetwork.defaults().gateway();
        String other = VmManager.withDefaults(libvirt)
                .get(otherVm)
                .orElseThrow()
                .network()
                .ip();
        var probe = world.ssh(
                20010,
                "nc -w 3 " + gateway + " 53 </dev/null; echo gateway=$?; nc -w 3 " + other
                        + " 22 </dev/null; echo neighbour=$?");
        if (!probe.output().contains("gateway=0") || probe.output().contains("neighbour=0")) {
            throw new IllegalStateException("tenant isolation: expected the gateway reachable and " + other
                    + ":22 not, got: " + probe.output());
        }
        world.progress.step("checked: from inside rental 2's VM the gateway answers but rental 1's VM (" + other
                + ":22) cannot be reached: tenants are isolated on the shared bridge");
    }

    private static String readiness() {
        try {
            return Commands.run(
                            Duration.ofSeconds(20),
                            "curl",
                            "-sk",
                            "--max-time",
                            "10",
                            "https://127.0.0.1:" + API_PORT + "/health/ready")
                    .output();
        } catch (Exception e) {
            return "";
        }
    }

    private static List<String> domains(Connect libvirt) {
        try {
            return Arrays.stream(libvirt.listAllDomains(0))
                    .map(d -> {
                        try {
                            return d.getName();
                        } catch (LibvirtException e) {
                            return "";
                        }
                    })
                    .filter(n -> n.startsWith("rental-"))
                    .sorted()
                    .toList();
        } catch (LibvirtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> volumes(Connect libvirt) {
        try {
            var pool = libvirt.storagePoolLookupByName("dcloud");
            pool.refresh(0);
            return Arrays.stream(pool.listVolumes()).sorted().toList();
        } catch (LibvirtException e) {
            return List.of();
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + DemoWorld.BOOT_DEADLINE.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}

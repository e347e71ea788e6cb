package io.dcloud.appliance;

import io.dcloud.appliance.dataplane.DataPlane;
import io.dcloud.appliance.local.LocalRental;
import io.dcloud.appliance.local.LocalRentalState;
import io.dcloud.appliance.local.LocalRentalStore;
import io.dcloud.appliance.local.LocalRentals;
import io.dcloud.appliance.local.TestClock;
import io.dcloud.appliance.local.TestKeys;
import io.dcloud.appliance.reconcile.ProvisionSettings;
import io.dcloud.appliance.reconcile.ReadinessProbe;
import io.dcloud.appliance.reconcile.Reconciler;
import io.dcloud.appliance.reconcile.RentalSource;
import io.dcloud.appliance.reconcile.RunningDomainProbe;
import io.dcloud.forward.ForwarderConfig;
import io.dcloud.forward.PortForwarder;
import io.dcloud.relay.HostPort;
import io.dcloud.sni.RouterConfig;
import io.dcloud.sni.SniRouter;
import io.dcloud.vm.inventory.DomainCapabilities;
import io.dcloud.vm.inventory.HostCapabilities;
import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.lifecycle.Vm;
import io.dcloud.vm.lifecycle.VmManager;
import io.dcloud.vm.network.DcloudNetwork;
import io.dcloud.vm.network.NatNetwork;
import io.dcloud.vm.storage.VmStorage;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.libvirt.Connect;

/**
 * A rental host on libvirt's in-process test driver (real libvirt API, no daemon, no guest: a running domain counts
 * as ready) with a real data plane on loopback, the admin's local rentals in a temporary directory, and a clock the
 * test moves. {@code test:///default} is one host for the whole JVM: {@link #close()} destroys every VM made here.
 */
public final class TestDriverHost implements AutoCloseable {
    public static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration GRACE = Duration.ofSeconds(30);
    private static final int BLOCK = 2;
    private static final int BLOCKS = 4;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final Connect connect;
    private final VmManager vms;
    private final DataPlane dataPlane;
    private final ProvisionSettings settings;
    private final LocalRentals local;
    private HostInventory inventory;

    private TestDriverHost(Path dir) throws Exception {
        connect = new Connect("test:///default");
        Files.createDirectories(dir.resolve("vms"));
        Files.writeString(dir.resolve("base.img"), "raw base image");
        vms = new VmManager(
                connect,
                new VmStorage(connect, "dcloud-" + dir.getFileName(), dir.resolve("vms")),
                new DcloudNetwork(connect, NatNetwork.defaults()));
        dataPlane = new DataPlane(
                SniRouter.start(RouterConfig.of(new HostPort("127.0.0.1", 0), new HostPort("127.0.0.1", 0))),
                PortForwarder.start(ForwarderConfig.defaults()),
                "127.0.0.1");
        int first = freePortRange(BLOCK * BLOCKS);
        settings = new ProvisionSettings(
                "provider.test",
                "127.0.0.1",
                "dcloud",
                dir.resolve("base.img"),
                Optional.empty(),
                NatNetwork.defaults(),
                first,
                first + BLOCK * BLOCKS - 1,
                BLOCK,
                READY_TIMEOUT,
                GRACE);
        local = new LocalRentals(LocalRentalStore.open(dir.resolve(LocalRentalStore.FILE_NAME)), clock);
        // The test driver has no domain capabilities: those of a recorded QEMU host stand in.
        var recorded =
                Path.of(System.getProperty("dcloud.shared.dir", "../testdata")).resolve("libvirt/domcaps");
        inventory = new HostInventory(
                DomainCapabilities.parse(Files.readString(recorded.resolve("qemu_10.0.0-q35.x86_64.xml"))),
                HostCapabilities.parse(Files.readString(recorded.resolve("hostcaps/vircaps-x86_64-basic.xml"))),
                List.of(),
                1L << 40);
    }

    public static TestDriverHost open(Path dir) throws Exception {
        return new TestDriverHost(dir);
    }

    /** A reconciler of these sources on this host, as a (re)started appliance would build it. */
    public Reconciler reconciler(List<RentalSource> sources) {
        return reconciler(sources, new RunningDomainProbe());
    }

    /** The same with a probe the test decides, for a guest that answers only when the test says so. */
    public Reconciler reconciler(List<RentalSource> sources, ReadinessProbe probe) {
        return new Reconciler(vms, () -> inventory, sources, dataPlane, probe, settings, clock);
    }

    /** A requested local rental of 1 vCPU, 512 MiB and 1 GiB, as the admin's desk records it. */
    public LocalRental createLocal(String label, int hours) throws IOException {
        return local.store()
                .create(id -> new LocalRental(
                        id,
                        label,
                        TestKeys.ed25519("admin@test"),
                        1,
                        512,
                        1,
                        hours,
                        clock.instant(),
                        LocalRentalState.REQUESTED,
                        null,
                        null,
                        null));
    }

    public Optional<Vm> vmOf(String rentalId) throws Exception {
        return vms.list().stream()
                .filter(vm -> vm.metadata().rentalId().equals(rentalId))
                .findFirst();
    }

    /** The test driver's connection, for what the VM manager does not show (e.g. a domain's id). */
    public Connect libvirt() {
        return connect;
    }

    public TestClock clock() {
        return clock;
    }

    public VmManager vms() {
        return vms;
    }

    public DataPlane dataPlane() {
        return dataPlane;
    }

    public ProvisionSettings settings() {
        return settings;
    }

    public LocalRentals local() {
        return local;
    }

    public HostInventory inventory() {
        return inventory;
    }

    /** What the host shows from now on (e.g. GPUs, or less free disk); reconcilers made here see it too. */
    public void replaceInventory(HostInventory replacement) {
        inventory = replacement;
    }

    @Override
    public void close() throws Exception {
        for (Vm vm : vms.list()) {
            vms.destroy(vm.name());
        }
        dataPlane.close();
        connect.close();
    }

    /** A range of loopback ports, TCP and UDP, that nothing listens on now (the forwarder binds them). */
    public static int freePortRange(int count) throws IOException {
        var loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(30_000, 50_000);
            List<AutoCloseable> held = new ArrayList<>();
            try {
                for (int port = first; port < first + count; port++) {
                    held.add(new ServerSocket(port, 1, loopback));
                    held.add(new DatagramSocket(port, loopback));
                }
                return first;
            } catch (IOException taken) {
                // try another range
            } finally {
                for (AutoCloseable socket : held) {
                    try {
                        socket.close();
                    } catch (Exception ignored) {
                        // a socket that cannot close held nothing
                    }
                }
            }
        }
        throw new IOException("no free range of " + count + " loopback ports found");
    }
}

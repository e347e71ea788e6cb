package io.dcloud.appliance.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.appliance.TestDriverHost;
import io.dcloud.appliance.dataplane.DataPlane;
import io.dcloud.appliance.reconcile.DesiredRental;
import io.dcloud.appliance.reconcile.PassReport;
import io.dcloud.appliance.reconcile.ProvisionSettings;
import io.dcloud.appliance.reconcile.Reconciler;
import io.dcloud.appliance.reconcile.RentalShape;
import io.dcloud.appliance.reconcile.RentalSource;
import io.dcloud.ledger.market.RentalState;
import io.dcloud.vm.inventory.HostCapabilities;
import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.inventory.PciDevice;
import io.dcloud.vm.lifecycle.VmManager;
import io.dcloud.vm.spec.PciAddress;
import io.dcloud.vm.spec.VmKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler serving local rentals next to a fake ledger, against libvirt's in-process test driver (real
 * libvirt API, no daemon, no guest) and a real data plane on loopback. Time moves by a test clock.
 */
class LocalRentalsReconcileTest {
    private static final Duration READY_TIMEOUT = TestDriverHost.READY_TIMEOUT;
    private static final Duration GRACE = TestDriverHost.GRACE;

    @TempDir
    Path dir;

    private final AtomicBoolean answering = new AtomicBoolean();
    private final FakeLedger ledger = new FakeLedger();
    private TestDriverHost host;
    private TestClock clock;
    private VmManager vms;
    private DataPlane dataPlane;
    private ProvisionSettings settings;
    private LocalRentals local;

    @BeforeEach
    void open() throws Exception {
        host = TestDriverHost.open(dir);
        clock = host.clock();
        vms = host.vms();
        dataPlane = host.dataPlane();
        settings = host.settings();
        local = host.local();
    }

    @AfterEach
    void close() throws Exception {
        host.close();
    }

    @Test
    void aLocalRentalIsCreatedThenActiveOnceItsVmAnswers() throws Exception {
        var rental = host.createLocal("web", 24);

        var first = reconciler().pass();
        assertEquals(List.of(rental.id()), first.created());
        var vm = vms.get("rental-" + rental.id()).orElseThrow();
        assertEquals(rental.id(), vm.metadata().rentalId());
        assertEquals(List.of("web.provider.test"), vm.metadata().routes());
        assertEquals(LocalRentals.TENANT, vm.metadata().tenant());
        assertEquals(
                settings.portFirst(), vm.metadata().portBlock().orElseThrow().first());
        assertTrue(dataPlane.router().routes().get("web.provider.test") != null, "routed by the data plane");
        assertTrue(
                dataPlane.forwarder().mappings().stream()
                        .anyMatch(m -> m.listen().port() == settings.portFirst()
                                && m.backend().port() == 22),
                "its SSH port forwarded");
        assertEquals(1, first.servedBySource().get("local"));
        assertEquals(0, first.servedBySource().get("ledger"));
        assertEquals("requested", stored(rental).stateAt(clock.instant()));

        var notYet = reconciler().pass();
        assertEquals(List.of(), notYet.accepted());
        assertEquals(LocalRentalState.REQUESTED, stored(rental).state());

        answering.set(true);
        var ready = reconciler().pass();
        assertEquals(List.of(rental.id()), ready.accepted());
        assertEquals(List.of(), ledger.calls, "a local rental never touches the ledger");
        var active = stored(rental);
        assertEquals(LocalRentalState.ACTIVE, active.state());
        assertEquals(clock.instant(), active.activeSince());
        assertEquals(clock.instant().plus(Duration.ofHours(24)), active.endsAt().orElseThrow());
        assertEquals(List.of(), reconciler().pass().created(), "an active rental keeps its one VM");
    }

    @Test
    void aProvisioningFailureMarksTheRentalFailedWithTheReason() throws Exception {
        Files.delete(dir.resolve("base.img"));
        var rental = host.createLocal("broken", 1);

        var report = reconciler().pass();
        assertEquals(List.of(rental.id()), report.rejected());
        var failed = stored(rental);
        assertEquals(LocalRentalState.FAILED, failed.state());
        assertTrue(failed.reason().startsWith("cannot provision: "), failed.reason());
        assertTrue(failed.reason().contains("base.img"), failed.reason());
        assertTrue(vms.get("rental-" + rental.id()).isEmpty());
        assertEquals(List.of(), ledger.calls);

        var again = reconciler().pass();
        assertEquals(List.of(), again.created(), "a failed rental is not tried again");
        assertEquals(LocalRentalState.FAILED, stored(rental).state(), "its record stays for the admin to see");
    }

    @Test
    void aVmThatNeverAnswersFailsItsRentalAfterTheReadyTimeout() throws Exception {
        var rental = host.createLocal("silent", 1);
        var reconciler = reconciler();
        reconciler.pass();
        reconciler.pass(); // starts the readiness timer
        clock.advance(READY_TIMEOUT);

        var report = reconciler.pass();
        assertEquals(List.of(rental.id()), report.destroyed());
        assertEquals(List.of(rental.id()), report.rejected());
        assertEquals(LocalRentalState.FAILED, stored(rental).state());
        assertTrue(
                stored(rental).reason().contains("did not answer on SSH"),
                stored(rental).reason());
        assertTrue(vms.get("rental-" + rental.id()).isEmpty());
    }

    @Test
    void anExpiredRentalIsTornDownAfterTheGraceThenForgotten() throws Exception {
        var rental = host.createLocal("short", 1);
        answering.set(true);
        var reconciler = reconciler();
        reconciler.pass();
        reconciler.pass();
        assertEquals(LocalRentalState.ACTIVE, stored(rental).state());

        clock.advance(Duration.ofHours(1));
        assertEquals("expired", stored(rental).stateAt(clock.instant()));
        var expired = reconciler.pass();
        assertEquals(List.of(), expired.destroyed(), "the VM outlives its rental by the grace period");
        assertTrue(vms.get("rental-" + rental.id()).isPresent());
        assertTrue(local.store().get(rental.id()).isPresent(), "the record stays while its VM is there");

        clock.advance(GRACE);
        var torn = reconciler.pass();
        assertEquals(List.of(rental.id()), torn.destroyed());
        assertTrue(vms.get("rental-" + rental.id()).isEmpty());
        assertTrue(local.store().get(rental.id()).isEmpty(), "record removed once the VM is gone");
        assertEquals(List.of(), ledger.calls);
    }

    @Test
    void aForceEndedRentalIsTornDownAfterTheGraceThenForgotten() throws Exception {
        var rental = host.createLocal("ended", 24);
        answering.set(true);
        var reconciler = reconciler();
        reconciler.pass();
        reconciler.pass();

        var ended = local.end(rental.id(), "ended by the admin: abuse report 7").orElseThrow();
        assertEquals(LocalRentalState.ENDED, ended.state());
        assertEquals("ended by the admin: abuse report 7", ended.reason());
        assertEquals(List.of(), reconciler.pass().destroyed());
        assertTrue(vms.get("rental-" + rental.id()).isPresent());

        clock.advance(GRACE);
        assertEquals(List.of(rental.id()), reconciler.pass().destroyed());
        assertTrue(vms.get("rental-" + rental.id()).isEmpty());
        assertTrue(local.store().get(rental.id()).isEmpty());
    }

    @Test
    void localRentalsAreServedWhileTheLedgerIsUnreachableAndLedgerVmsLeftAlone() throws Exception {
        ledger.rentals.add(new DesiredRental(
                "7",
                "0xtenant",
                RentalState.REQUESTED,
                new RentalShape(VmKind.STANDARD, 1, 512, 1),
                TestKeys.ed25519("tenant"),
                "chain"));
        var reconciler = reconciler();
        assertEquals(List.of("7"), reconciler.pass().created());

        ledger.down = true;
        var ending = host.createLocal("ending", 24);
        reconciler.pass();
        local.end(ending.id(), "done");
        assertEquals(List.of(), reconciler.pass().destroyed(), "the grace period starts");
        var kept = host.createLocal("kept", 24);
        clock.advance(GRACE.multipliedBy(10));

        PassReport report = reconciler.pass();
        assertTrue(report.ledgerError().orElseThrow().contains("rpc down"), report.toString());
        assertEquals(List.of(kept.id()), report.created(), "a local rental is created without the ledger");
        assertEquals(List.of(ending.id()), report.destroyed(), "and an ended one torn down");
        assertTrue(local.store().get(ending.id()).isEmpty());
        assertTrue(vms.get("rental-7").isPresent(), "the ledger's VM stays while nothing is known about it");
        assertEquals(
                Optional.empty(), Optional.ofNullable(report.servedBySource().get("ledger")));

        answering.set(true);
        assertEquals(List.of(kept.id()), reconciler.pass().accepted());
        assertEquals(LocalRentalState.ACTIVE, stored(kept).state());
    }

    /**
     * GPU rentals (from the ledger here; the source makes no difference) each get a free GPU with its IOMMU
     * group, read back from libvirt's definitions; with none left the next is rejected, and a GPU whose VM went
     * is given again.
     */
    @Test
    void gpuRentalsEachGetAFreeGpuAndTheOneTooManyIsRejected() throws Exception {
        var h100 = gpu("0000:41:00.0", "0000:41:00.1");
        var a100 = gpu("0000:81:00.0");
        // the H100's HDMI audio function: in its IOMMU group, so it must go with it
        var audio = new PciDevice(
                PciAddress.parse("0000:41:00.1"),
                0x040300,
                "0x10de",
                "NVIDIA Corporation",
                "0x22a3",
                "audio",
                40,
                h100.iommuGroupMembers(),
                "vfio-pci");
        var inventory = host.inventory();
        host.replaceInventory(new HostInventory(
                inventory.domain(),
                new HostCapabilities(
                        inventory.host().arch(),
                        inventory.host().cpus(),
                        inventory.host().memoryKiB(),
                        true),
                List.of(h100, audio, a100),
                inventory.freeDiskBytes()));
        for (String id : List.of("21", "22", "23")) {
            ledger.rentals.add(new DesiredRental(
                    id,
                    "0xtenant",
                    RentalState.REQUESTED,
                    new RentalShape(VmKind.GPU, 1, 512, 1),
                    TestKeys.ed25519("tenant"),
                    "gpu" + id));
        }
        var reconciler = reconciler();
        var report = reconciler.pass();
        assertEquals(List.of("21", "22"), report.created());
        assertEquals(List.of("reject 23"), ledger.calls);
        assertEquals(
                java.util.Set.of(
                        PciAddress.parse("0000:41:00.0"),
                        PciAddress.parse("0000:41:00.1"),
                        PciAddress.parse("0000:81:00.0")),
                vms.passedThrough(),
                "the H100 goes with its audio function, the A100 alone");

        ledger.rentals.removeIf(r -> r.rentalId().equals("21") || r.rentalId().equals("23"));
        assertEquals(List.of(), reconciler.pass().destroyed(), "the grace period starts");
        clock.advance(GRACE.multipliedBy(2));
        assertEquals(List.of("21"), reconciler.pass().destroyed());
        assertEquals(java.util.Set.of(PciAddress.parse("0000:81:00.0")), vms.passedThrough());
        ledger.rentals.add(new DesiredRental(
                "24",
                "0xtenant",
                RentalState.REQUESTED,
                new RentalShape(VmKind.GPU, 1, 512, 1),
                TestKeys.ed25519("tenant"),
                "gpu24"));
        assertEquals(List.of("24"), reconciler.pass().created());
        assertTrue(vms.passedThrough().contains(PciAddress.parse("0000:41:00.0")), "the freed H100 is given again");
    }

    private static PciDevice gpu(String address, String... siblings) {
        var group = new ArrayList<PciAddress>();
        group.add(PciAddress.parse(address));
        for (String s : siblings) {
            group.add(PciAddress.parse(s));
        }
        return new PciDevice(
                PciAddress.parse(address),
                0x030200,
                "0x10de",
                "NVIDIA Corporation",
                "0x2330",
                "GH100",
                40,
                group,
                "vfio-pci");
    }

    @Test
    void aRestartedReconcilerFindsTheVmInsteadOfMakingASecond() throws Exception {
        var rental = host.createLocal("again", 24);
        assertEquals(List.of(rental.id()), reconciler().pass().created());

        // What a restart has: the same state file and libvirt, nothing else.
        local = new LocalRentals(LocalRentalStore.open(dir.resolve(LocalRentalStore.FILE_NAME)), clock);
        answering.set(true);
        var report = reconciler().pass();
        assertEquals(List.of(), report.created());
        assertEquals(List.of(rental.id()), report.accepted());
        assertEquals(
                1,
                vms.list().stream()
                        .filter(vm -> vm.metadata().rentalId().equals(rental.id()))
                        .count());
        assertEquals(LocalRentalState.ACTIVE, stored(rental).state());
    }

    private Reconciler reconciler() {
        return host.reconciler(List.of(ledger, local), vm -> answering.get());
    }

    private LocalRental stored(LocalRental rental) {
        return local.store().get(rental.id()).orElseThrow();
    }

    /** The ledger as the reconciler sees it: rentals it lists, or down. Records every accept and reject. */
    private static final class FakeLedger implements RentalSource {
        final List<DesiredRental> rentals = new ArrayList<>();
        final List<String> calls = new ArrayList<>();
        volatile boolean down;

        @Override
        public String name() {
            return "ledger";
        }

        @Override
        public List<DesiredRental> desired() throws IOException {
            if (down) {
                throw new IOException("rpc down");
            }
            return List.copyOf(rentals);
        }

        @Override
        public boolean owns(String rentalId) {
            return rentalId.chars().allMatch(Character::isDigit);
        }

        @Override
        public void accept(DesiredRental rental, String accessDetails) {
            calls.add("accept " + rental.rentalId());
        }

        @Override
        public void reject(DesiredRental rental, String reason) {
            calls.add("reject " + rental.rentalId());
        }

        @Override
        public void endNow(String rentalId, String reason) {
            calls.add("end " + rentalId);
        }
    }
}

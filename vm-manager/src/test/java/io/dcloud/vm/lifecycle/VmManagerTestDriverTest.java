package io.dcloud.vm.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.vm.Fixtures;
import io.dcloud.vm.inventory.DomainCapabilities;
import io.dcloud.vm.inventory.HostCapabilities;
import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.inventory.HostRefusedException;
import io.dcloud.vm.inventory.PciDevice;
import io.dcloud.vm.network.DcloudNetwork;
import io.dcloud.vm.network.DhcpHost;
import io.dcloud.vm.network.NatNetwork;
import io.dcloud.vm.spec.InvalidSpecException;
import io.dcloud.vm.spec.VmKind;
import io.dcloud.vm.storage.VmStorage;
import io.dcloud.vm.xml.MetadataXml;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.xml.sax.InputSource;

/** Lifecycle and metadata against libvirt's in-process test driver: real libvirt API, no daemon, no guest. */
class VmManagerTestDriverTest {
    @TempDir
    Path dir;

    private Connect connect;
    private VmManager manager;
    private DcloudNetwork network;
    private HostInventory inventory;

    @BeforeEach
    void open() throws Exception {
        VmEvents.startEventLoop();
        connect = new Connect("test:///default");
        inventory = new HostInventory(
                DomainCapabilities.parse(Fixtures.recorded("domcaps/qemu_10.0.0-q35.x86_64.xml")),
                HostCapabilities.parse(Fixtures.recorded("domcaps/hostcaps/vircaps-x86_64-basic.xml")),
                List.of(),
                1L << 40);
        network = new DcloudNetwork(connect, NatNetwork.defaults());
        manager = new VmManager(connect, new VmStorage(connect, "dcloud-" + dir.getFileName(), dir), network);
        Files.writeString(image(), "raw base image");
    }

    @AfterEach
    void close() throws Exception {
        connect.close();
    }

    private Path image() {
        return dir.resolve("base.img");
    }

    private io.dcloud.vm.spec.VmSpec spec(String name) {
        var s = Fixtures.spec(name, VmKind.STANDARD);
        return new io.dcloud.vm.spec.VmSpec(
                s.name(),
                s.kind(),
                s.vcpus(),
                s.memoryMiB(),
                s.diskGiB(),
                image(),
                s.cloudInit(),
                s.network(),
                s.gpus(),
                s.metadata(),
                false,
                List.of(),
                s.boot());
    }

    @Test
    void createListsWithMetadataAndDestroyLeavesNothing() throws Exception {
        var vm = manager.create(spec("life-1"), inventory);
        assertEquals(VmState.RUNNING, vm.state());
        assertEquals("r-42", vm.metadata().rentalId());
        assertTrue(Files.exists(dir.resolve("life-1-seed.iso")));
        assertTrue(network.hosts().contains(new DhcpHost("52:54:00:12:34:56", "life-1", "10.77.0.10")));
        // The overlay as libvirt records it (the test driver keeps volumes in memory; GuestBootIT checks a real file).
        String overlay = connect.storagePoolLookupByName("dcloud-" + dir.getFileName())
                .storageVolLookupByName("life-1.qcow2")
                .getXMLDesc(0);
        assertEquals("qcow2", xpath(overlay, "/volume/target/format/@type"), overlay);
        assertEquals(String.valueOf(20L << 30), xpath(overlay, "/volume/capacity"), "diskGiB 20: " + overlay);
        assertEquals(image().toString(), xpath(overlay, "/volume/backingStore/path"), overlay);
        assertEquals("raw", xpath(overlay, "/volume/backingStore/format/@type"), "the base's own format: " + overlay);

        var listed = manager.list().stream()
                .filter(v -> v.name().equals("life-1"))
                .findFirst()
                .orElseThrow();
        assertEquals(vm, listed);
        assertTrue(
                manager.list().stream().noneMatch(v -> v.name().equals("test")),
                "the test driver's own domain is not ours");
        assertEquals(vm, manager.create(spec("life-1"), inventory), "create again is a no-op");

        manager.destroy("life-1");
        manager.destroy("life-1");
        assertTrue(manager.get("life-1").isEmpty());
        assertFalse(Arrays.asList(connect.listDefinedDomains()).contains("life-1"));
        assertTrue(network.hosts().stream().noneMatch(h -> h.name().equals("life-1")));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(image()), left.toList());
        }
    }

    /** What `dcloud demo --hypervisor test` stands on: the driver's own inventory, standard VMs only. */
    @Test
    void theTestDriversOwnInventoryServesStandardVmsOnly() throws Exception {
        assertTrue(HostInventory.isTestDriver(connect));
        var own = HostInventory.read(connect, dir);
        assertTrue(own.offers(VmKind.STANDARD));
        assertFalse(own.offers(VmKind.SEV_SNP));
        assertFalse(own.offers(VmKind.TDX));
        assertTrue(
                own.host().cpus() > 0 && own.host().memoryKiB() > 0, own.host().toString());
        // Free disk is the usable space of the file system the VM disks go to (other writers make it move a little).
        var store = Files.getFileStore(dir);
        assertTrue(own.freeDiskBytes() > 0 && own.freeDiskBytes() <= store.getTotalSpace(), "" + own.freeDiskBytes());
        assertTrue(Math.abs(own.freeDiskBytes() - store.getUsableSpace()) < 1L << 30, "" + own.freeDiskBytes());
        long notYetMade =
                HostInventory.read(connect, dir.resolve("not/yet/made")).freeDiskBytes();
        assertTrue(Math.abs(notYetMade - store.getUsableSpace()) < 1L << 30, "a missing directory: its parent's disk");
        var vm = manager.create(spec("own-inventory"), own);
        assertEquals(VmState.RUNNING, vm.state());
        manager.destroy("own-inventory");
        var snp = Fixtures.spec("own-snp", VmKind.SEV_SNP);
        assertThrows(Exception.class, () -> own.requireServes(snp));
    }

    /** Which GPUs VMs hold is read back from their definitions, the only record of it. */
    @Test
    void passedThroughDevicesAreReadFromTheDefinitions() throws Exception {
        var gpu = PciDevice.parse(Fixtures.recorded("domcaps/nodedev/pci_0000_00_02_0_header_type.xml")
                .replace("<class>0xffffff</class>", "<class>0x030000</class>")
                .replace("<bus>4294967295</bus>", "<bus>0</bus>"));
        var gpuHost = new HostInventory(
                inventory.domain(),
                new io.dcloud.vm.inventory.HostCapabilities(
                        inventory.host().arch(),
                        inventory.host().cpus(),
                        inventory.host().memoryKiB(),
                        true),
                List.of(gpu),
                inventory.freeDiskBytes());
        assertEquals(java.util.Set.of(), manager.passedThrough());
        var unit = gpuHost.gpuUnits().get(0);
        var s = spec("gpu-1");
        var gpuSpec = new io.dcloud.vm.spec.VmSpec(
                s.name(),
                VmKind.GPU,
                s.vcpus(),
                s.memoryMiB(),
                s.diskGiB(),
                s.image(),
                s.cloudInit(),
                s.network(),
                unit.devices(),
                s.metadata(),
                false,
                List.of(),
                s.boot());
        manager.create(gpuSpec, gpuHost);
        assertEquals(java.util.Set.copyOf(unit.devices()), manager.passedThrough());
        assertFalse(unit.freeGiven(manager.passedThrough()));
        manager.destroy("gpu-1");
        assertEquals(java.util.Set.of(), manager.passedThrough());
    }

    @Test
    void leftoversOfACrashBeforeDefineAreRemovedAndLiveVmsStay() throws Exception {
        // What a kill -9 between preparing storage and network and defining the domain leaves behind.
        var storage = new VmStorage(connect, "dcloud-" + dir.getFileName(), dir);
        storage.create(spec("crashed"));
        network.ensure();
        network.addHost(new DhcpHost("52:54:00:12:34:57", "crashed", "10.77.0.11"));
        manager.create(spec("alive"), inventory);

        assertEquals(List.of("crashed"), manager.removeOrphans());
        assertEquals(Set.of("alive"), storage.vmNames());
        assertTrue(network.hosts().stream().noneMatch(h -> h.name().equals("crashed")));
        assertEquals(List.of(), manager.removeOrphans(), "nothing more to remove");
    }

    @Test
    void stopStartRebootAreIdempotent() throws Exception {
        manager.create(spec("life-2"), inventory);
        // The test driver's guests answer ACPI at once; the forced path is exercised against QEMU in GuestBootIT.
        assertEquals(StopOutcome.SHUT_DOWN, manager.stop("life-2", Duration.ofSeconds(5)));
        assertEquals(VmState.SHUT_OFF, manager.get("life-2").orElseThrow().state());
        assertEquals(StopOutcome.ALREADY_OFF, manager.stop("life-2", Duration.ofSeconds(5)));
        manager.start("life-2");
        manager.start("life-2");
        assertEquals(VmState.RUNNING, manager.get("life-2").orElseThrow().state());
        manager.reboot("life-2");
        assertEquals(VmState.RUNNING, manager.get("life-2").orElseThrow().state());
        manager.destroy("life-2");
        assertThrows(NoSuchVmException.class, () -> manager.start("life-2"));
    }

    @Test
    void refusesForeignDomainsAndSpecsTheHostCannotServe() throws Exception {
        assertThrows(NotDcloudVmException.class, () -> manager.stop("test", Duration.ofSeconds(1)));
        assertThrows(NotDcloudVmException.class, () -> manager.destroy("test"));
        assertEquals(1, connect.domainLookupByName("test").isActive(), "the foreign domain is left running");
        var snp = Fixtures.spec("conf-1", VmKind.SEV_SNP);
        assertThrows(HostRefusedException.class, () -> manager.create(snp, inventory));
        assertTrue(manager.get("conf-1").isEmpty());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(image()), left.toList(), "a refused spec leaves no files");
        }
    }

    @Test
    void aFailedCreateIsRolledBack() throws Exception {
        var s = spec("life-3");
        var missingImage = new io.dcloud.vm.spec.VmSpec(
                s.name(),
                s.kind(),
                s.vcpus(),
                s.memoryMiB(),
                s.diskGiB(),
                dir.resolve("no-such-base.qcow2"),
                s.cloudInit(),
                s.network(),
                s.gpus(),
                s.metadata(),
                false,
                List.of(),
                s.boot());
        var e = assertThrows(java.io.IOException.class, () -> manager.create(missingImage, inventory));
        assertTrue(e.getMessage().contains("no-such-base.qcow2"), e.getMessage());
        assertTrue(manager.get("life-3").isEmpty());
        assertTrue(network.hosts().stream().noneMatch(h -> h.name().equals("life-3")));
    }

    @Test
    void routesAreReplacedInTheRunningDomainAndItsDefinition() throws Exception {
        manager.create(spec("routes-1"), inventory);
        var before = manager.get("routes-1").orElseThrow();
        var routes = List.of("routes-1.provider.example", "app.example.com", "xn--bcher-kva.example");

        var running = manager.replaceRoutes("routes-1", routes);
        assertEquals(routes, running.metadata().routes());
        assertEquals(VmState.RUNNING, running.state());
        assertEquals(before.metadata().rentalId(), running.metadata().rentalId());
        assertEquals(before.metadata().tenant(), running.metadata().tenant());
        assertEquals(before.metadata().portBlock(), running.metadata().portBlock());
        assertEquals(before.network(), running.network());
        assertEquals(before.kind(), running.kind());
        assertEquals(running, manager.get("routes-1").orElseThrow(), "what list and get read back");
        var inactiveXml = connect.domainLookupByName("routes-1").getXMLDesc(Domain.XMLFlags.INACTIVE);
        assertEquals(
                routes, MetadataXml.read(inactiveXml).orElseThrow().metadata().routes(), "the definition too");

        manager.stop("routes-1", Duration.ofSeconds(5));
        assertEquals(routes, manager.get("routes-1").orElseThrow().metadata().routes(), "kept across a stop");

        var stopped = manager.replaceRoutes("routes-1", List.of("routes-1.provider.example"));
        assertEquals(VmState.SHUT_OFF, stopped.state());
        manager.start("routes-1");
        assertEquals(
                List.of("routes-1.provider.example"),
                manager.get("routes-1").orElseThrow().metadata().routes(),
                "a change made while stopped is what starts");
        manager.destroy("routes-1");
    }

    @Test
    void routesAreCheckedAndOnlyDcloudDomainsChange() throws Exception {
        manager.create(spec("routes-2"), inventory);
        assertThrows(InvalidSpecException.class, () -> manager.replaceRoutes("routes-2", List.of("Not A Name")));
        assertEquals(
                List.of("routes-2.provider.example"),
                manager.get("routes-2").orElseThrow().metadata().routes());
        assertThrows(NotDcloudVmException.class, () -> manager.replaceRoutes("test", List.of("a.example")));
        assertThrows(NoSuchVmException.class, () -> manager.replaceRoutes("no-such-vm", List.of("a.example")));
        manager.destroy("routes-2");
    }

    @Test
    void reportsLifecycleEvents() throws Exception {
        var events = new LinkedBlockingQueue<VmEvent>();
        try (var ignored = VmEvents.subscribe(connect, events::add)) {
            manager.create(spec("life-4"), inventory);
            manager.destroy("life-4");
            assertEquals("STARTED", next(events, "life-4", "STARTED").type());
            assertEquals("STOPPED", next(events, "life-4", "STOPPED").type());
        }
    }

    private static String xpath(String xml, String expression) throws Exception {
        var document =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        return XPathFactory.newInstance()
                .newXPath()
                .evaluate(expression, document)
                .strip();
    }

    private static VmEvent next(LinkedBlockingQueue<VmEvent> events, String name, String type)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.name().equals(name) && event.type().equals(type)) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " event for " + name);
    }
}

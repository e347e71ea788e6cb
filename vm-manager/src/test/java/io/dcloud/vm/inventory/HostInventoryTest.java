package io.dcloud.vm.inventory;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.vm.Fixtures;
import io.dcloud.vm.spec.PciAddress;
import io.dcloud.vm.spec.VmKind;
import io.dcloud.vm.xml.RelaxNg;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostInventoryTest {
    private static final String SNP_HOST = "domcaps/qemu_10.0.0-q35.x86_64+amdsev.xml";
    private static final String TDX_HOST = "domcaps/qemu_10.1.0-q35.x86_64+inteltdx.xml";
    private static final String PLAIN_HOST = "domcaps/qemu_10.0.0-q35.x86_64.xml";
    private static final String HOST_CAPS = "domcaps/hostcaps/vircaps-x86_64-basic.xml";
    private static final String IGPU = "domcaps/nodedev/pci_0000_00_02_0_header_type.xml";
    private static final PciAddress IGPU_ADDRESS = PciAddress.parse("0000:ff:02.0");
    private static final long TIB = 1L << 40;

    @Test
    void theRecordedFilesAreWhatTheSchemasDescribe() throws Exception {
        for (String caps : List.of(SNP_HOST, TDX_HOST, PLAIN_HOST)) {
            assertEquals(List.of(), RelaxNg.errors("domaincaps.rng", Fixtures.recorded(caps)), caps);
        }
        assertEquals(List.of(), RelaxNg.errors("capability.rng", Fixtures.recorded(HOST_CAPS)));
        assertEquals(List.of(), RelaxNg.errors("nodedev.rng", Fixtures.recorded(IGPU)));
    }

    @Test
    void readsSevSnpFromAnAmdHost() throws Exception {
        var caps = DomainCapabilities.parse(Fixtures.recorded(SNP_HOST));
        assertEquals(new SevSupport(true, 51, 1, 59, 450), caps.sev().orElseThrow());
        assertFalse(caps.tdx());
        assertEquals("kvm", caps.domainType());
        assertEquals(4096, caps.maxVcpus());
        assertTrue(caps.vfio());
        assertEquals(List.of("/obviously/fake/firmware1.fd", "/obviously/fake/firmware2.fd"), caps.firmware());
    }

    @Test
    void readsTdxFromAnIntelHost() throws Exception {
        var caps = DomainCapabilities.parse(Fixtures.recorded(TDX_HOST));
        assertTrue(caps.tdx());
        assertTrue(caps.sev().isEmpty());
    }

    @Test
    void aPlainHostHasNeither() throws Exception {
        var caps = DomainCapabilities.parse(Fixtures.recorded(PLAIN_HOST));
        assertTrue(caps.sev().isEmpty());
        assertFalse(caps.tdx());
    }

    @Test
    void readsCpusMemoryAndIommuFromHostCapabilities() throws Exception {
        var host = HostCapabilities.parse(Fixtures.recorded(HOST_CAPS));
        assertEquals(new HostCapabilities("x86_64", 16, (1 + 2 + 3 + 4) * 1024 * 1024L, false), host);
    }

    @Test
    void readsPciDevicesWithTheirIommuGroup() throws Exception {
        var igpu = PciDevice.parse(Fixtures.recorded(IGPU));
        assertEquals(IGPU_ADDRESS, igpu.address());
        assertEquals("0x8086", igpu.vendorId());
        assertEquals("0x0416", igpu.productId());
        assertEquals(1, igpu.iommuGroup());
        assertEquals(List.of(PciAddress.parse("0000:00:02.0")), igpu.iommuGroupMembers());
        var vf = PciDevice.parse(Fixtures.recorded("domcaps/nodedev/pci_0000_02_10_7_sriov_vfs.xml"));
        assertEquals(PciAddress.parse("0000:02:10.7"), vf.address());
        assertEquals(31, vf.iommuGroup());
        assertFalse(vf.gpu(), "class 0xffffff is no display controller");
    }

    /**
     * None of the recorded node devices names a driver, so this one is edited: the integrated GPU as libvirt shows it
     * once bound to vfio-pci, still valid against libvirt's node-device schema.
     */
    @Test
    void readsTheDriverABoundDeviceNames() throws Exception {
        assertEquals("", PciDevice.parse(Fixtures.recorded(IGPU)).driver(), "an unbound device has no driver");
        String bound = Fixtures.recorded(IGPU)
                .replace(
                        "<parent>computer</parent>",
                        "<parent>computer</parent>\n  <driver>\n    <name>vfio-pci</name>\n  </driver>");
        assertEquals(List.of(), RelaxNg.errors("nodedev.rng", bound));
        assertEquals("vfio-pci", PciDevice.parse(bound).driver());
    }

    @Test
    void refusesSevSnpOnAHostWithoutIt() throws Exception {
        for (String caps : List.of(PLAIN_HOST, TDX_HOST)) {
            var e = assertThrows(HostRefusedException.class, () -> inventory(caps, HOST_CAPS, List.of())
                    .requireServes(Fixtures.spec("c-1", VmKind.SEV_SNP)));
            assertTrue(e.getMessage().startsWith("kind sev-snp: this host has no AMD SEV-SNP support"), e.getMessage());
        }
        assertDoesNotThrow(
                () -> inventory(SNP_HOST, HOST_CAPS, List.of()).requireServes(Fixtures.spec("c-1", VmKind.SEV_SNP)));
        assertEquals(
                51,
                inventory(SNP_HOST, HOST_CAPS, List.of())
                        .domainOptions()
                        .cbitpos()
                        .orElseThrow());
    }

    @Test
    void refusesTdxOnAHostWithoutIt() throws Exception {
        var e = assertThrows(HostRefusedException.class, () -> inventory(SNP_HOST, HOST_CAPS, List.of())
                .requireServes(Fixtures.spec("c-1", VmKind.TDX)));
        assertTrue(e.getMessage().startsWith("kind tdx: this host has no Intel TDX support"), e.getMessage());
        assertDoesNotThrow(
                () -> inventory(TDX_HOST, HOST_CAPS, List.of()).requireServes(Fixtures.spec("c-1", VmKind.TDX)));
    }

    @Test
    void passesAGpuWhoseIommuGroupIsItsOwn() throws Exception {
        var inventory = inventory(PLAIN_HOST, iommuOn(), List.of(displayClass(Fixtures.recorded(IGPU))));
        assertEquals(1, inventory.gpus().size());
        assertTrue(inventory.offers(VmKind.GPU));
        assertDoesNotThrow(() -> inventory.requireServes(gpuSpec(PciAddress.parse("0000:00:02.0"))));
    }

    @Test
    void refusesAGpuThatSharesItsIommuGroup() throws Exception {
        String shared = displayClass(Fixtures.recorded(IGPU))
                .replace(
                        "</iommuGroup>",
                        "  <address domain='0x0000' bus='0x00' slot='0x02' function='0x1'/>\n    </iommuGroup>");
        var inventory = inventory(PLAIN_HOST, iommuOn(), List.of(shared));
        var e = assertThrows(
                HostRefusedException.class, () -> inventory.requireServes(gpuSpec(PciAddress.parse("0000:00:02.0"))));
        assertTrue(e.getMessage().contains("shares IOMMU group 1 with [0000:00:02.1]"), e.getMessage());
    }

    @Test
    void aGpuUnitIsTheGpuWithItsWholeIommuGroup() throws Exception {
        String shared = displayClass(Fixtures.recorded(IGPU))
                .replace(
                        "</iommuGroup>",
                        "  <address domain='0x0000' bus='0x00' slot='0x02' function='0x1'/>\n    </iommuGroup>");
        var inventory = inventory(PLAIN_HOST, iommuOn(), List.of(shared));
        var units = inventory.gpuUnits();
        assertEquals(1, units.size());
        var unit = units.get(0);
        assertEquals(List.of(PciAddress.parse("0000:00:02.0"), PciAddress.parse("0000:00:02.1")), unit.devices());
        assertTrue(unit.freeGiven(List.of()));
        assertFalse(unit.freeGiven(List.of(PciAddress.parse("0000:00:02.1"))), "a sibling in use takes the unit");
        assertTrue(unit.model().contains(unit.gpu().product()), unit.model());
    }

    @Test
    void refusesGpusTheHostCannotPassThrough() throws Exception {
        var noIommu = inventory(PLAIN_HOST, HOST_CAPS, List.of(displayClass(Fixtures.recorded(IGPU))));
        var e = assertThrows(
                HostRefusedException.class, () -> noIommu.requireServes(gpuSpec(PciAddress.parse("0000:00:02.0"))));
        assertTrue(e.getMessage().contains("IOMMU is off"), e.getMessage());
        var missing = inventory(PLAIN_HOST, iommuOn(), List.of());
        e = assertThrows(
                HostRefusedException.class, () -> missing.requireServes(gpuSpec(PciAddress.parse("0000:41:00.0"))));
        assertEquals("gpus: no PCI device 0000:41:00.0 on this host", e.getMessage());
    }

    @Test
    void refusesMoreThanTheHostHas() throws Exception {
        var inventory = inventory(PLAIN_HOST, HOST_CAPS, List.of());
        var base = Fixtures.spec("big", VmKind.STANDARD);
        var tooMuchMemory = new io.dcloud.vm.spec.VmSpec(
                base.name(),
                base.kind(),
                2,
                64 * 1024,
                20,
                base.image(),
                base.cloudInit(),
                base.network(),
                List.of(),
                base.metadata(),
                false,
                List.of(),
                base.boot());
        var e = assertThrows(HostRefusedException.class, () -> inventory.requireServes(tooMuchMemory));
        assertEquals("memoryMiB: 65536 exceeds the host's 10240 MiB", e.getMessage());
        var small = new HostInventory(inventory.domain(), inventory.host(), List.of(), 10L << 30);
        e = assertThrows(HostRefusedException.class, () -> small.requireServes(base));
        assertEquals("diskGiB: 20 exceeds the 10 GiB free for VM disks", e.getMessage());
    }

    private static io.dcloud.vm.spec.VmSpec gpuSpec(PciAddress... devices) {
        return Fixtures.spec("g-1", VmKind.GPU, List.of(devices));
    }

    private static String iommuOn() throws Exception {
        return Fixtures.recorded(HOST_CAPS).replace("<iommu support='no'/>", "<iommu support='yes'/>");
    }

    // The recorded integrated GPU carries the placeholder class 0xffffff; a real one is 0x030000 (VGA).
    private static String displayClass(String nodeDevice) {
        return nodeDevice
                .replace("<class>0xffffff</class>", "<class>0x030000</class>")
                .replace("<bus>4294967295</bus>", "<bus>0</bus>");
    }

    private static HostInventory inventory(String domainCaps, String hostCaps, List<String> nodeDevices)
            throws Exception {
        String host = hostCaps.startsWith("<") ? hostCaps : Fixtures.recorded(hostCaps);
        return new HostInventory(
                DomainCapabilities.parse(Fixtures.recorded(domainCaps)),
                HostCapabilities.parse(host),
                nodeDevices.stream().map(PciDevice::parse).toList(),
                TIB);
    }
}

package io.dcloud.vm.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.vm.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmSpecFileTest {
    private static final String MINIMAL = """
            name: web-1
            kind: gpu
            vcpus: 4
            memoryMiB: 8192
            diskGiB: 40
            image: /var/lib/dcloud/images/debian-12.qcow2
            sshKeys:
              - %s
            gpus:
              - "0000:41:00.0"
            """.formatted(Fixtures.KEY);

    @Test
    void readsTheDocumentedKeysAndDerivesStableNetworkDefaults() {
        VmSpec spec = VmSpecFile.parse(MINIMAL);
        assertEquals("web-1", spec.name());
        assertEquals(VmKind.GPU, spec.kind());
        assertEquals(4, spec.vcpus());
        assertEquals(8192, spec.memoryMiB());
        assertEquals(40, spec.diskGiB());
        assertEquals(Path.of("/var/lib/dcloud/images/debian-12.qcow2"), spec.image());
        assertEquals(List.of(PciAddress.parse("0000:41:00.0")), spec.gpus());
        assertEquals("web-1", spec.cloudInit().hostname());
        assertEquals(List.of("dcloud"), spec.cloudInit().users());
        assertEquals("dcloud", spec.network().network());
        assertEquals(spec.network(), VmSpecFile.parse(MINIMAL).network(), "derived MAC/IP are stable");
        assertTrue(spec.network().mac().startsWith("52:54:00:"));
        assertEquals("admin-web-1", spec.metadata().rentalId());
    }

    @Test
    void readsOptionalKeys() {
        VmSpec spec = VmSpecFile.parse(
                MINIMAL.replace(
                        "kind: gpu",
                        "kind: gpu\nhugepages: true\ncpuPins: [2, 3, 4, 5]\n"
                                + "mac: 52:54:00:aa:bb:cc\nip: 10.77.0.9\nrentalId: r-7\ntenant: '0xfeed'\n"
                                + "portBlock: {first: 20000, count: 5}\nroutes: [web.provider.example]\n"
                                + "boot: {kernel: /k, initrd: /i, cmdline: console=ttyS0}\nusers: [alice, bob]\nuserData: 'packages: [nginx]'"));
        assertTrue(spec.hugepages());
        assertEquals(List.of(2, 3, 4, 5), spec.cpuPins());
        assertEquals("10.77.0.9", spec.network().ip());
        assertEquals(new PortBlock(20000, 5), spec.metadata().portBlock().orElseThrow());
        assertEquals("console=ttyS0", spec.boot().orElseThrow().cmdline());
        assertEquals(List.of("alice", "bob"), spec.cloudInit().users());
    }

    @Test
    void refusesInvalidSpecsWithASpecificMessage() {
        assertRefused(MINIMAL.replace("name: web-1", "name: Web_1"), "name:");
        assertRefused(MINIMAL.replace("kind: gpu", "kind: bare-metal"), "kind: 'bare-metal' is not one of");
        assertRefused(MINIMAL.replace("vcpus: 4", "vcpus: 0"), "vcpus: 0 is not in 1..256");
        assertRefused(MINIMAL.replace("vcpus: 4", "vcpus: four"), "vcpus: 'four' is not a whole number");
        assertRefused(MINIMAL.replace("memoryMiB: 8192", "memoryMiB: 64"), "memoryMiB: 64");
        assertRefused(MINIMAL.replace("diskGiB: 40\n", ""), "diskGiB: missing");
        assertRefused(
                MINIMAL.replace("image: /var", "image: var"),
                "image: 'var/lib/dcloud/images/debian-12.qcow2' must be an absolute path");
        assertRefused(MINIMAL.replace(Fixtures.KEY, "not-a-key"), "sshKeys: not an OpenSSH public key line");
        assertRefused(MINIMAL.replace("0000:41:00.0", "41:00.0"), "gpus: '41:00.0' is not a PCI address");
        assertRefused(MINIMAL.replace("kind: gpu", "kind: standard"), "gpus: only kind gpu passes GPUs through");
        assertRefused(MINIMAL.replace("gpus:\n  - \"0000:41:00.0\"\n", ""), "gpus: kind gpu needs at least one");
        assertRefused(MINIMAL + "  - \"0000:41:00.0\"\n", "gpus: the same PCI address is listed twice");
        assertRefused(MINIMAL + "cpuPins: [1]\n", "cpuPins: 1 entries for 4 vCPUs");
        assertRefused(MINIMAL + "mac: 02:00:00:00:00:01\n", "mac: '02:00:00:00:00:01' must be lower-case 52:54:00");
        assertRefused(MINIMAL + "ip: 10.77.0.300\n", "ip: '10.77.0.300' is not a dotted IPv4 address");
        assertRefused(MINIMAL + "colour: blue\n", "unknown key 'colour'");
        assertRefused("- just\n- a list\n", "spec must be a YAML mapping");
        assertRefused("name: [unclosed\n", "spec is not valid YAML");
    }

    private static void assertRefused(String yaml, String message) {
        var e = assertThrows(InvalidSpecException.class, () -> VmSpecFile.parse(yaml));
        assertTrue(e.getMessage().contains(message), () -> "expected '" + message + "' in: " + e.getMessage());
    }
}

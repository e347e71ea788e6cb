package io.dcloud.vm.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.vm.Fixtures;
import io.dcloud.vm.spec.DirectBoot;
import io.dcloud.vm.spec.PciAddress;
import io.dcloud.vm.spec.VmKind;
import io.dcloud.vm.spec.VmSpec;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

class DomainXmlTest {
    private static final DomainFiles FILES = DomainFiles.in(Path.of("/var/lib/dcloud/vms"), "vm-1");
    private static final DomainOptions SNP_HOST = new DomainOptions("kvm", OptionalInt.of(51), OptionalInt.of(1));

    private static VmSpec spec(VmKind kind) {
        return Fixtures.spec("vm-1", kind, kind == VmKind.GPU ? List.of(PciAddress.parse("0000:41:00.0")) : List.of());
    }

    @ParameterizedTest
    @EnumSource(VmKind.class)
    void everyKindValidatesAgainstLibvirtsSchema(VmKind kind) throws Exception {
        String xml = DomainXml.render(spec(kind), SNP_HOST, FILES);
        assertEquals(List.of(), RelaxNg.errors("domain.rng", xml), xml);
    }

    @Test
    void tuningAndDirectBootValidateToo() throws Exception {
        var base = spec(VmKind.STANDARD);
        var tuned = new VmSpec(
                base.name(),
                base.kind(),
                2,
                2048,
                20,
                base.image(),
                base.cloudInit(),
                base.network(),
                List.of(),
                base.metadata(),
                true,
                List.of(4, 5),
                Optional.of(new DirectBoot(Path.of("/guest/vmlinuz"), Path.of("/guest/initrd.img"), "console=ttyS0")));
        String xml = DomainXml.render(tuned, DomainOptions.tcg(), FILES);
        assertEquals(List.of(), RelaxNg.errors("domain.rng", xml), xml);
        var root = parse(xml);
        assertEquals("qemu", root.getAttribute("type"));
        assertEquals(
                "5",
                child(root, "cputune")
                        .getElementsByTagName("vcpupin")
                        .item(1)
                        .getAttributes()
                        .getNamedItem("cpuset")
                        .getNodeValue());
        assertEquals(1, root.getElementsByTagName("hugepages").getLength());
        assertEquals("/guest/vmlinuz", child(child(root, "os"), "kernel").getTextContent());
        assertEquals(0, child(root, "os").getElementsByTagName("boot").getLength(), "kernel boot replaces disk boot");
        assertEquals(0, root.getElementsByTagName("cpu").getLength(), "TCG keeps QEMU's default CPU model");
    }

    @Test
    void theValidatorRejectsWhatLibvirtWouldReject() throws Exception {
        String xml = DomainXml.render(spec(VmKind.TDX), SNP_HOST, FILES).replace("type='tdx'", "type='tdx2'");
        assertFalse(RelaxNg.errors("domain.rng", xml).isEmpty());
    }

    @Test
    void sevSnpMatchesLibvirtsOwnExample() throws Exception {
        var ours = parse(DomainXml.render(spec(VmKind.SEV_SNP), SNP_HOST, FILES));
        var theirs = parse(Fixtures.recorded("domain-examples/launch-security-sev-snp.xml"));
        sameConfidentialShape(ours, theirs, "sev-snp");
        var sec = child(ours, "launchSecurity");
        assertEquals("51", child(sec, "cbitpos").getTextContent(), "cbitpos comes from the host");
        assertEquals("1", child(sec, "reducedPhysBits").getTextContent());
        long policy = Long.decode(child(sec, "policy").getTextContent());
        assertEquals(0, policy & (1L << 19), "debug is off");
        assertEquals(
                Long.decode(child(child(theirs, "launchSecurity"), "policy").getTextContent()), policy);
        assertEquals("memfd", child(child(ours, "memoryBacking"), "source").getAttribute("type"));
    }

    @Test
    void tdxMatchesLibvirtsOwnExample() throws Exception {
        var ours = parse(DomainXml.render(spec(VmKind.TDX), SNP_HOST, FILES));
        var theirs = parse(Fixtures.recorded("domain-examples/launch-security-tdx.xml"));
        assertEquals(
                child(child(theirs, "launchSecurity"), "policy").getTextContent(),
                child(child(ours, "launchSecurity"), "policy").getTextContent());
        assertEquals("tdx", child(ours, "launchSecurity").getAttribute("type"));
        assertTrue(child(child(theirs, "os"), "type").getAttribute("machine").contains("q35"));
        assertEquals("q35", child(child(ours, "os"), "type").getAttribute("machine"));
        assertEquals("efi", child(ours, "os").getAttribute("firmware"));
        assertEquals("qemu", child(child(ours, "features"), "ioapic").getAttribute("driver"));
    }

    @Test
    void gpuPassthroughMatchesLibvirtsOwnExample() throws Exception {
        var ours = (Element) parse(DomainXml.render(spec(VmKind.GPU), SNP_HOST, FILES))
                .getElementsByTagName("hostdev")
                .item(0);
        var examples =
                parse(Fixtures.recorded("domain-examples/hostdev-vfio.xml")).getElementsByTagName("hostdev");
        var theirs = (Element) examples.item(1);
        for (String attribute : List.of("mode", "type", "managed")) {
            assertEquals(theirs.getAttribute(attribute), ours.getAttribute(attribute), attribute);
        }
        assertEquals(
                child(theirs, "driver").getAttribute("name"),
                child(ours, "driver").getAttribute("name"));
        var ourAddress = child(child(ours, "source"), "address");
        assertEquals(attributes(child(child(theirs, "source"), "address")), attributes(ourAddress));
        assertEquals("0x41", ourAddress.getAttribute("bus"));
        assertEquals("0x00", ourAddress.getAttribute("slot"));
    }

    @Test
    void theNicIsPinnedFilteredAndIsolated() throws Exception {
        var nic = child(
                child(parse(DomainXml.render(spec(VmKind.STANDARD), DomainOptions.kvm(), FILES)), "devices"),
                "interface");
        assertEquals("52:54:00:12:34:56", child(nic, "mac").getAttribute("address"));
        assertEquals("dcloud", child(nic, "source").getAttribute("network"));
        assertEquals("clean-traffic", child(nic, "filterref").getAttribute("filter"));
        assertEquals("10.77.0.10", child(child(nic, "filterref"), "parameter").getAttribute("value"));
        assertEquals("yes", child(nic, "port").getAttribute("isolated"));
    }

    @Test
    void metadataRoundTripsThroughTheDomainXml() {
        var spec = spec(VmKind.STANDARD);
        var record = MetadataXml.read(DomainXml.render(spec, DomainOptions.kvm(), FILES))
                .orElseThrow();
        assertEquals(spec.metadata(), record.metadata());
        assertEquals(spec.network(), record.network());
        assertEquals(VmKind.STANDARD, record.kind());
        assertTrue(MetadataXml.read("<domain type='kvm'><name>other</name></domain>")
                .isEmpty());
    }

    private static void sameConfidentialShape(Element ours, Element theirs, String type) {
        assertEquals(type, child(theirs, "launchSecurity").getAttribute("type"));
        assertEquals(type, child(ours, "launchSecurity").getAttribute("type"));
        assertEquals(
                child(theirs, "os").getAttribute("firmware"), child(ours, "os").getAttribute("firmware"));
        assertEquals(
                child(child(theirs, "os"), "loader").getAttribute("stateless"),
                child(child(ours, "os"), "loader").getAttribute("stateless"));
    }

    private static Set<String> attributes(Element e) {
        var names = new TreeSet<String>();
        for (int i = 0; i < e.getAttributes().getLength(); i++) {
            names.add(e.getAttributes().item(i).getNodeName());
        }
        return names;
    }

    static Element parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml)))
                .getDocumentElement();
    }

    static Element child(Element parent, String name) {
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
    }
}

package io.dcloud.vm.inventory;

import io.dcloud.vm.spec.VmSpec;
import io.dcloud.vm.xml.DomainOptions;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the hypervisor can give a guest ({@code virConnectGetDomainCapabilities}): confidential computing, PCI
 * passthrough with VFIO, firmware.
 */
public record DomainCapabilities(
        String domainType,
        String machine,
        int maxVcpus,
        Optional<SevSupport> sev,
        boolean tdx,
        boolean vfio,
        List<String> firmware) {

    public static DomainCapabilities parse(String xml) {
        var root = XmlDocs.parse(xml, "domain capabilities");
        if (!"domainCapabilities".equals(root.getTagName())) {
            throw new IllegalArgumentException("not a <domainCapabilities> document: <" + root.getTagName() + ">");
        }
        List<String> sectypes = XmlDocs.path(root, "features", "launchSecurity")
                .filter(e -> "yes".equals(e.getAttribute("supported")))
                .map(e -> enumValues(e, "sectype"))
                .orElse(List.of());
        Optional<SevSupport> sev = XmlDocs.supported(root, "features", "sev")
                ? Optional.of(new SevSupport(
                        sectypes.contains("sev-snp"),
                        XmlDocs.integer(root, "features", "sev", "cbitpos"),
                        XmlDocs.integer(root, "features", "sev", "reducedPhysBits"),
                        XmlDocs.integer(root, "features", "sev", "maxGuests"),
                        XmlDocs.integer(root, "features", "sev", "maxESGuests")))
                : Optional.empty();
        boolean tdx = XmlDocs.supported(root, "features", "tdx") && sectypes.contains("tdx");
        boolean vfio = XmlDocs.path(root, "devices", "hostdev")
                .filter(e -> "yes".equals(e.getAttribute("supported")))
                .map(e -> enumValues(e, "subsysType").contains("pci")
                        && enumValues(e, "pciBackend").contains("vfio"))
                .orElse(false);
        List<String> firmware = XmlDocs.path(root, "os", "loader")
                .map(l -> XmlDocs.children(l, "value").stream()
                        .map(v -> v.getTextContent().trim())
                        .toList())
                .orElse(List.of());
        return new DomainCapabilities(
                XmlDocs.text(root, "domain"),
                XmlDocs.text(root, "machine"),
                XmlDocs.path(root, "vcpu")
                        .map(v -> Integer.parseInt(v.getAttribute("max")))
                        .orElse(0),
                sev,
                tdx,
                vfio,
                firmware);
    }

    /**
     * libvirt's test driver answers no domain capabilities: it runs nothing, so it can serve standard VMs and no
     * confidential computing, passthrough or firmware.
     */
    public static DomainCapabilities testDriver() {
        return new DomainCapabilities("qemu", "q35", 0, Optional.empty(), false, false, List.of());
    }

    /** Refuses a kind the hypervisor cannot run (what can be told from domain capabilities alone). */
    public void requireSupports(VmSpec spec) {
        switch (spec.kind()) {
            case SEV_SNP -> {
                if (sev.isEmpty() || !sev.get().snp()) {
                    throw new HostRefusedException("kind sev-snp: this host has no AMD SEV-SNP support "
                            + "(domain capabilities: " + (sev.isPresent() ? "SEV without SNP" : "no SEV") + ")");
                }
            }
            case TDX -> {
                if (!tdx) {
                    throw new HostRefusedException(
                            "kind tdx: this host has no Intel TDX support (domain capabilities)");
                }
            }
            case GPU -> {
                if (!vfio) {
                    throw new HostRefusedException("gpus: the hypervisor offers no VFIO PCI passthrough");
                }
            }
            case STANDARD -> {}
        }
        if (maxVcpus > 0 && spec.vcpus() > maxVcpus) {
            throw new HostRefusedException("vcpus: " + spec.vcpus() + " exceeds the hypervisor's maximum " + maxVcpus);
        }
    }

    /** How domains for this hypervisor are written: its type and, for SEV-SNP, the host's C-bit position. */
    public DomainOptions domainOptions() {
        return new DomainOptions(
                domainType,
                sev.map(s -> OptionalInt.of(s.cbitpos())).orElse(OptionalInt.empty()),
                sev.map(s -> OptionalInt.of(s.reducedPhysBits())).orElse(OptionalInt.empty()));
    }

    private static List<String> enumValues(org.w3c.dom.Element parent, String name) {
        return XmlDocs.children(parent, "enum").stream()
                .filter(e -> name.equals(e.getAttribute("name")))
                .findFirst()
                .map(e -> XmlDocs.children(e, "value").stream()
                        .map(v -> v.getTextContent().trim())
                        .toList())
                .orElse(List.of());
    }
}

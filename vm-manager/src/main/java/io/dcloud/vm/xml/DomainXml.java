package io.dcloud.vm.xml;

import io.dcloud.vm.spec.PciAddress;
import io.dcloud.vm.spec.VmKind;
import io.dcloud.vm.spec.VmSpec;

/**
 * Turns a {@link VmSpec} into libvirt domain XML. Every kind uses q35; confidential kinds boot UEFI firmware that
 * libvirt picks from the host's firmware descriptors (stateless, since their memory is measured at launch).
 */
public final class DomainXml {
    /** SEV-SNP guest policy: bit 17 is reserved-must-be-one, bit 16 allows SMT, bit 19 (debug) stays off. */
    public static final long SNP_POLICY = 0x30000L;
    /** TDX attributes: SEPT_VE_DISABLE (bit 28) on, DEBUG (bit 0) off. */
    public static final long TDX_POLICY = 0x10000000L;

    private DomainXml() {}

    public static String render(VmSpec spec, DomainOptions options, DomainFiles files) {
        var domain = new XmlElement("domain").attr("type", options.domainType());
        domain.child("name").text(spec.name());
        domain.child("metadata").add(MetadataXml.element(spec.kind(), spec.metadata(), spec.network()));
        domain.child("memory").attr("unit", "MiB").text(spec.memoryMiB());
        memoryBacking(spec, domain);
        domain.child("vcpu").attr("placement", "static").text(spec.vcpus());
        if (!spec.cpuPins().isEmpty()) {
            var tune = domain.child("cputune");
            for (int i = 0; i < spec.cpuPins().size(); i++) {
                tune.child("vcpupin")
                        .attr("vcpu", i)
                        .attr("cpuset", spec.cpuPins().get(i));
            }
        }
        os(spec, domain);
        var features = domain.child("features");
        features.child("acpi");
        features.child("apic");
        if (spec.kind() == VmKind.TDX) {
            // TDX guests need QEMU's split irqchip: the TDX module does not virtualise the in-kernel IOAPIC.
            features.child("ioapic").attr("driver", "qemu");
        }
        if ("kvm".equals(options.domainType())) {
            // TCG cannot pass the host CPU through; KVM guests get the real CPU (and its speed).
            domain.child("cpu").attr("mode", "host-passthrough");
        }
        domain.child("clock").attr("offset", "utc");
        domain.child("on_poweroff").text("destroy");
        domain.child("on_reboot").text("restart");
        domain.child("on_crash").text("destroy");
        devices(spec, files, domain.child("devices"));
        launchSecurity(spec, options, domain);
        return domain.toXml();
    }

    private static void memoryBacking(VmSpec spec, XmlElement domain) {
        if (!spec.hugepages() && spec.kind() != VmKind.SEV_SNP) {
            return;
        }
        var backing = domain.child("memoryBacking");
        if (spec.hugepages()) {
            backing.child("hugepages");
        }
        if (spec.kind() == VmKind.SEV_SNP) {
            // SNP keeps private guest memory in a guest_memfd; shared pages come from this memfd backend.
            backing.child("source").attr("type", "memfd");
        }
    }

    private static void os(VmSpec spec, XmlElement domain) {
        var os = domain.child("os");
        if (spec.kind().confidential()) {
            os.attr("firmware", "efi");
        }
        os.child("type").attr("arch", "x86_64").attr("machine", "q35").text("hvm");
        if (spec.kind().confidential()) {
            os.child("loader").attr("stateless", "yes");
        }
        spec.boot()
                .ifPresentOrElse(
                        boot -> {
                            os.child("kernel").text(boot.kernel());
                            os.child("initrd").text(boot.initrd());
                            os.child("cmdline").text(boot.cmdline());
                        },
                        () -> os.child("boot").attr("dev", "hd"));
    }

    private static void devices(VmSpec spec, DomainFiles files, XmlElement devices) {
        var disk = devices.child("disk").attr("type", "file").attr("device", "disk");
        disk.child("driver").attr("name", "qemu").attr("type", "qcow2").attr("discard", "unmap");
        disk.child("source").attr("file", files.overlay());
        disk.child("target").attr("dev", "vda").attr("bus", "virtio");
        // The seed is an ISO on a virtio disk: q35 has no IDE, and cloud-init finds it by its 'cidata' label.
        var seed = devices.child("disk").attr("type", "file").attr("device", "disk");
        seed.child("driver").attr("name", "qemu").attr("type", "raw");
        seed.child("source").attr("file", files.seed());
        seed.child("target").attr("dev", "vdb").attr("bus", "virtio");
        seed.child("readonly");

        var nic = devices.child("interface").attr("type", "network");
        nic.child("mac").attr("address", spec.network().mac());
        nic.child("source").attr("network", spec.network().network());
        nic.child("model").attr("type", "virtio");
        // clean-traffic pins the NIC to its MAC and IP; isolated ports cannot talk to each other on the bridge.
        nic.child("filterref")
                .attr("filter", "clean-traffic")
                .child("parameter")
                .attr("name", "IP")
                .attr("value", spec.network().ip());
        nic.child("port").attr("isolated", "yes");

        var serial = devices.child("serial").attr("type", "file");
        serial.child("source").attr("path", files.serialLog());
        serial.child("target").attr("port", 0);
        for (PciAddress gpu : spec.gpus()) {
            var hostdev = devices.child("hostdev")
                    .attr("mode", "subsystem")
                    .attr("type", "pci")
                    .attr("managed", "yes");
            hostdev.child("driver").attr("name", "vfio");
            hostdev.child("source").add(address(gpu));
        }
        devices.child("rng")
                .attr("model", "virtio")
                .child("backend")
                .attr("model", "random")
                .text("/dev/urandom");
        devices.child("memballoon").attr("model", "none");
    }

    private static XmlElement address(PciAddress a) {
        return new XmlElement("address")
                .attr("domain", String.format("0x%04x", a.domain()))
                .attr("bus", String.format("0x%02x", a.bus()))
                .attr("slot", String.format("0x%02x", a.slot()))
                .attr("function", String.format("0x%x", a.function()));
    }

    private static void launchSecurity(VmSpec spec, DomainOptions options, XmlElement domain) {
        switch (spec.kind()) {
            case SEV_SNP -> {
                var sec = domain.child("launchSecurity").attr("type", "sev-snp");
                options.cbitpos().ifPresent(c -> sec.child("cbitpos").text(c));
                options.reducedPhysBits()
                        .ifPresent(r -> sec.child("reducedPhysBits").text(r));
                sec.child("policy").text(String.format("0x%08x", SNP_POLICY));
            }
            case TDX -> {
                var sec = domain.child("launchSecurity").attr("type", "tdx");
                sec.child("policy").text(String.format("0x%08x", TDX_POLICY));
                // Quotes for remote attestation come from the host's quote generation service (default socket).
                sec.child("quoteGenerationService");
            }
            case STANDARD, GPU -> {}
        }
    }
}

package io.dcloud.vm.inventory;

import io.dcloud.vm.libvirt.LibvirtCallException;
import io.dcloud.vm.libvirt.LibvirtCalls;
import io.dcloud.vm.spec.PciAddress;
import io.dcloud.vm.spec.VmKind;
import io.dcloud.vm.spec.VmSpec;
import io.dcloud.vm.xml.DomainOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * What this host can offer: confidential computing, GPUs that can be passed through, CPUs, memory and free disk.
 * Offers are derived from it, and {@link #requireServes} refuses a spec the host cannot run with a reason instead
 * of a libvirt error.
 */
public record HostInventory(
        DomainCapabilities domain, HostCapabilities host, List<PciDevice> pciDevices, long freeDiskBytes) {

    public HostInventory {
        pciDevices = List.copyOf(pciDevices);
    }

    /** Reads the inventory through a libvirt connection; {@code storageDir} is where VM disks will live. */
    public static HostInventory read(Connect connect, Path storageDir) throws LibvirtException, IOException {
        var pci = new ArrayList<PciDevice>();
        for (String name : connect.listDevices("pci")) {
            pci.add(PciDevice.parse(connect.deviceLookupByName(name).getXMLDescription()));
        }
        return new HostInventory(
                isTestDriver(connect)
                        ? DomainCapabilities.testDriver()
                        : DomainCapabilities.parse(domainCapabilities(connect)),
                HostCapabilities.parse(connect.getCapabilities()),
                pci,
                Files.getFileStore(existingAncestor(storageDir)).getUsableSpace());
    }

    /** libvirt's built-in, in-memory driver ({@code test:///default}): domains are defined and "run", nothing boots. */
    public static boolean isTestDriver(Connect connect) throws LibvirtException {
        return "TEST".equals(connect.getType());
    }

    /**
     * Hardware virtualisation when QEMU can use it, else TCG (CI machines and laptops). libvirtd runs as root and
     * reports kvm whenever /dev/kvm exists, but QEMU runs as libvirt-qemu and needs group access to the device.
     */
    private static String domainCapabilities(Connect connect) {
        if (kvmUsableByQemu()) {
            try {
                return LibvirtCalls.domainCapabilities(connect, "kvm");
            } catch (LibvirtCallException noKvm) {
                // The hypervisor has no KVM after all: fall through to TCG.
            }
        }
        return LibvirtCalls.domainCapabilities(connect, "qemu");
    }

    private static boolean kvmUsableByQemu() {
        Path kvm = Path.of("/dev/kvm");
        try {
            var mode = Files.getPosixFilePermissions(kvm);
            return mode.contains(PosixFilePermission.GROUP_READ) && mode.contains(PosixFilePermission.GROUP_WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static Path existingAncestor(Path dir) {
        Path at = dir.toAbsolutePath();
        while (at != null && !Files.exists(at)) {
            at = at.getParent();
        }
        return at == null ? Path.of("/") : at;
    }

    public List<PciDevice> gpus() {
        return pciDevices.stream().filter(PciDevice::gpu).toList();
    }

    /** The GPUs a VM can be given, each with its IOMMU group; two GPUs sharing a group make one unit. */
    public List<GpuUnit> gpuUnits() {
        return gpus().stream().map(GpuUnit::of).distinct().toList();
    }

    public Optional<PciDevice> pciDevice(PciAddress address) {
        return pciDevices.stream().filter(d -> d.address().equals(address)).findFirst();
    }

    public DomainOptions domainOptions() {
        return domain.domainOptions();
    }

    /** Refuses a spec this host cannot run, naming the first missing capability. */
    public void requireServes(VmSpec spec) {
        domain.requireSupports(spec);
        if (spec.kind() == VmKind.GPU) {
            requireGpus(spec.gpus());
        }
        if (host.cpus() > 0 && spec.vcpus() > host.cpus()) {
            throw new HostRefusedException("vcpus: " + spec.vcpus() + " exceeds the host's " + host.cpus() + " CPUs");
        }
        for (int cpu : spec.cpuPins()) {
            if (host.cpus() > 0 && cpu >= host.cpus()) {
                throw new HostRefusedException(
                        "cpuPins: host CPU " + cpu + " does not exist (host has " + host.cpus() + ")");
            }
        }
        if (host.memoryKiB() > 0 && spec.memoryMiB() * 1024L > host.memoryKiB()) {
            throw new HostRefusedException(
                    "memoryMiB: " + spec.memoryMiB() + " exceeds the host's " + host.memoryKiB() / 1024 + " MiB");
        }
        if (spec.diskGiB() * (1L << 30) > freeDiskBytes) {
            throw new HostRefusedException(
                    "diskGiB: " + spec.diskGiB() + " exceeds the " + (freeDiskBytes >> 30) + " GiB free for VM disks");
        }
    }

    private void requireGpus(List<PciAddress> gpus) {
        if (!host.iommu()) {
            throw new HostRefusedException(
                    "gpus: the host's IOMMU is off (enable it in firmware and the kernel command line)");
        }
        for (PciAddress address : gpus) {
            var device = pciDevice(address)
                    .orElseThrow(() -> new HostRefusedException("gpus: no PCI device " + address + " on this host"));
            if (device.iommuGroup() < 0) {
                throw new HostRefusedException("gpus: " + address + " is in no IOMMU group");
            }
            var others = device.iommuGroupMembers().stream()
                    .filter(member -> !gpus.contains(member))
                    .toList();
            if (!others.isEmpty()) {
                throw new HostRefusedException("gpus: " + address + " shares IOMMU group " + device.iommuGroup()
                        + " with " + others + "; VFIO passes whole groups only, so list them all or pick another GPU");
            }
        }
    }

    /** True for kinds this host can offer at all (used to derive offers). */
    public boolean offers(VmKind kind) {
        return switch (kind) {
            case STANDARD -> true;
            case SEV_SNP -> domain.sev().map(SevSupport::snp).orElse(false);
            case TDX -> domain.tdx();
            case GPU -> domain.vfio() && host.iommu() && !gpus().isEmpty();
        };
    }
}

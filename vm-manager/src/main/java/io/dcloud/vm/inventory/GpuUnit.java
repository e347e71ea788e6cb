package io.dcloud.vm.inventory;

import io.dcloud.vm.spec.PciAddress;
import java.util.Collection;
import java.util.List;

/**
 * What one GPU rental is given: a GPU and every device of its IOMMU group (VFIO passes whole groups, so its audio
 * function and any other sibling go with it).
 *
 * @param gpu the display controller, which names the unit (its model is what an offer advertises)
 * @param devices every PCI address the VM gets, the GPU included
 */
public record GpuUnit(PciDevice gpu, List<PciAddress> devices) {

    public GpuUnit {
        devices = List.copyOf(devices);
    }

    static GpuUnit of(PciDevice gpu) {
        var members = gpu.iommuGroupMembers().isEmpty() ? List.of(gpu.address()) : gpu.iommuGroupMembers();
        return new GpuUnit(
                gpu,
                members.stream()
                        .sorted(java.util.Comparator.comparing(PciAddress::toString))
                        .toList());
    }

    /** Free when no VM holds any of its devices. */
    public boolean freeGiven(Collection<PciAddress> inUse) {
        return devices.stream().noneMatch(inUse::contains);
    }

    /** The product as the host's PCI database names it, e.g. "GH100 [H100 SXM5 80GB]". */
    public String model() {
        return gpu.product().strip();
    }
}

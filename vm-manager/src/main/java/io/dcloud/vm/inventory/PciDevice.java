package io.dcloud.vm.inventory;

import io.dcloud.vm.spec.PciAddress;
import java.util.List;

/**
 * A host PCI device from libvirt's node devices, with its IOMMU group: VFIO can only hand a guest whole groups,
 * so every other member of the group goes with it.
 */
public record PciDevice(
        PciAddress address,
        int pciClass,
        String vendorId,
        String vendor,
        String productId,
        String product,
        int iommuGroup,
        List<PciAddress> iommuGroupMembers,
        String driver) {

    public PciDevice {
        iommuGroupMembers = List.copyOf(iommuGroupMembers);
    }

    /** PCI base class 0x03 is "display controller": VGA, 3D and other GPUs. */
    public boolean gpu() {
        return (pciClass >> 16) == 0x03;
    }

    public static PciDevice parse(String nodeDeviceXml) {
        var root = XmlDocs.parse(nodeDeviceXml, "node device");
        var pci = XmlDocs.children(root, "capability").stream()
                .filter(c -> "pci".equals(c.getAttribute("type")))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("node device " + XmlDocs.text(root, "name") + " is not PCI"));
        var address = new PciAddress(
                XmlDocs.integer(pci, "domain"),
                XmlDocs.integer(pci, "bus") & 0xff,
                XmlDocs.integer(pci, "slot"),
                XmlDocs.integer(pci, "function"));
        var group = XmlDocs.path(pci, "iommuGroup");
        List<PciAddress> members = group.map(g -> XmlDocs.children(g, "address").stream()
                        .map(a -> new PciAddress(
                                Integer.decode(a.getAttribute("domain")),
                                Integer.decode(a.getAttribute("bus")),
                                Integer.decode(a.getAttribute("slot")),
                                Integer.decode(a.getAttribute("function"))))
                        .toList())
                .orElse(List.of());
        var product = XmlDocs.path(pci, "product").orElseThrow();
        var vendor = XmlDocs.path(pci, "vendor").orElseThrow();
        return new PciDevice(
                address,
                XmlDocs.integer(pci, "class"),
                vendor.getAttribute("id"),
                vendor.getTextContent().trim(),
                product.getAttribute("id"),
                product.getTextContent().trim(),
                group.map(g -> Integer.parseInt(g.getAttribute("number"))).orElse(-1),
                members,
                XmlDocs.text(root, "driver", "name"));
    }
}

package io.dcloud.vm.inventory;

/** The host's CPUs, memory and IOMMU state from libvirt's host capabilities ({@code virsh capabilities}). */
public record HostCapabilities(String arch, int cpus, long memoryKiB, boolean iommu) {

    public static HostCapabilities parse(String xml) {
        var root = XmlDocs.parse(xml, "host capabilities");
        if (!"capabilities".equals(root.getTagName())) {
            throw new IllegalArgumentException("not a <capabilities> document: <" + root.getTagName() + ">");
        }
        var host = XmlDocs.path(root, "host")
                .orElseThrow(() -> new IllegalArgumentException("capabilities without <host>"));
        int cpus = 0;
        long memory = 0;
        var cells = XmlDocs.path(host, "topology", "cells");
        if (cells.isPresent()) {
            for (var cell : XmlDocs.children(cells.get(), "cell")) {
                memory += toKiB(XmlDocs.path(cell, "memory").orElseThrow());
                cpus += XmlDocs.path(cell, "cpus")
                        .map(c -> XmlDocs.children(c, "cpu").size())
                        .orElse(0);
            }
        }
        boolean iommu = XmlDocs.path(host, "iommu")
                .map(e -> "yes".equals(e.getAttribute("support")))
                .orElse(false);
        return new HostCapabilities(XmlDocs.text(host, "cpu", "arch"), cpus, memory, iommu);
    }

    private static long toKiB(org.w3c.dom.Element memory) {
        long value = Long.parseLong(memory.getTextContent().trim());
        return switch (memory.getAttribute("unit")) {
            case "", "KiB", "k", "K" -> value;
            case "MiB", "M" -> value * 1024;
            case "GiB", "G" -> value * 1024 * 1024;
            case "b", "bytes" -> value / 1024;
            default -> throw new IllegalArgumentException("unknown memory unit " + memory.getAttribute("unit"));
        };
    }
}

package io.dcloud.appliance.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where and how VMs run.
 *
 * @param uri the libvirt connection URI, e.g. {@code qemu:///system}
 * @param network name of the libvirt NAT network the VMs join
 * @param subnet that network's IPv4 range
 * @param imageDir where per-VM overlays and seed ISOs live (the libvirt storage pool)
 * @param baseImage the image every VM's overlay is built on
 * @param boot direct kernel boot, for base images without a boot loader (dcloud's test guest)
 * @param loginUser the user the tenant's SSH key is installed for
 */
public record LibvirtConfig(
        String uri,
        String network,
        Ipv4Subnet subnet,
        Path imageDir,
        Path baseImage,
        Optional<DirectBootFiles> boot,
        String loginUser) {

    /** Kernel, initramfs and command line for direct kernel boot. */
    public record DirectBootFiles(Path kernel, Path initrd, String cmdline) {}
}

package io.dcloud.vm.spec;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything needed to turn a rental into a libvirt guest. A VmSpec that exists is valid: every rule is checked
 * here, with a message naming the field, before anything touches libvirt.
 *
 * @param cpuPins host CPU for each vCPU, in vCPU order; empty for no pinning
 * @param hugepages back guest memory with the host's default huge pages
 * @param boot direct kernel boot instead of the image's boot loader
 */
public record VmSpec(
        String name,
        VmKind kind,
        int vcpus,
        int memoryMiB,
        int diskGiB,
        Path image,
        CloudInit cloudInit,
        NetworkAttachment network,
        List<PciAddress> gpus,
        DcloudMetadata metadata,
        boolean hugepages,
        List<Integer> cpuPins,
        Optional<DirectBoot> boot) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    public static final int MAX_VCPUS = 256;
    public static final int MIN_MEMORY_MIB = 128;
    public static final int MAX_MEMORY_MIB = 4 * 1024 * 1024;
    public static final int MAX_DISK_GIB = 64 * 1024;

    public VmSpec {
        gpus = List.copyOf(gpus == null ? List.of() : gpus);
        cpuPins = List.copyOf(cpuPins == null ? List.of() : cpuPins);
        boot = boot == null ? Optional.empty() : boot;
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidSpecException(
                    "name: '" + name + "' must start with a-z and hold only a-z, 0-9, '-' (max 63)");
        }
        if (kind == null) {
            throw new InvalidSpecException("kind: missing (standard, sev-snp, tdx or gpu)");
        }
        if (vcpus < 1 || vcpus > MAX_VCPUS) {
            throw new InvalidSpecException("vcpus: " + vcpus + " is not in 1.." + MAX_VCPUS);
        }
        if (memoryMiB < MIN_MEMORY_MIB || memoryMiB > MAX_MEMORY_MIB) {
            throw new InvalidSpecException(
                    "memoryMiB: " + memoryMiB + " is not in " + MIN_MEMORY_MIB + ".." + MAX_MEMORY_MIB);
        }
        if (diskGiB < 1 || diskGiB > MAX_DISK_GIB) {
            throw new InvalidSpecException("diskGiB: " + diskGiB + " is not in 1.." + MAX_DISK_GIB);
        }
        if (image == null || !image.isAbsolute()) {
            throw new InvalidSpecException("image: '" + image + "' must be an absolute path to the base image");
        }
        if (cloudInit == null) {
            throw new InvalidSpecException("hostname/sshKeys: missing");
        }
        if (network == null) {
            throw new InvalidSpecException("network: missing (network, mac, ip)");
        }
        if (metadata == null) {
            throw new InvalidSpecException("rentalId: missing");
        }
        if (kind == VmKind.GPU && gpus.isEmpty()) {
            throw new InvalidSpecException("gpus: kind gpu needs at least one GPU PCI address");
        }
        if (kind != VmKind.GPU && !gpus.isEmpty()) {
            throw new InvalidSpecException("gpus: only kind gpu passes GPUs through (kind is " + kind.label() + ")");
        }
        if (new HashSet<>(gpus).size() != gpus.size()) {
            throw new InvalidSpecException("gpus: the same PCI address is listed twice");
        }
        if (!cpuPins.isEmpty() && cpuPins.size() != vcpus) {
            throw new InvalidSpecException(
                    "cpuPins: " + cpuPins.size() + " entries for " + vcpus + " vCPUs (one host CPU per vCPU)");
        }
        if (cpuPins.stream().anyMatch(c -> c == null || c < 0)) {
            throw new InvalidSpecException("cpuPins: host CPU numbers are >= 0");
        }
    }
}

package io.dcloud.vm.xml;

import java.util.OptionalInt;

/**
 * Host-side choices the spec does not make: the hypervisor ({@code kvm} on providers, {@code qemu} (TCG) where
 * there is no /dev/kvm) and the SEV parameters of the host, which SEV-SNP guests must repeat.
 */
public record DomainOptions(String domainType, OptionalInt cbitpos, OptionalInt reducedPhysBits) {
    public DomainOptions {
        if (!"kvm".equals(domainType) && !"qemu".equals(domainType)) {
            throw new IllegalArgumentException("domain type must be kvm or qemu, not " + domainType);
        }
    }

    public static DomainOptions kvm() {
        return new DomainOptions("kvm", OptionalInt.empty(), OptionalInt.empty());
    }

    public static DomainOptions tcg() {
        return new DomainOptions("qemu", OptionalInt.empty(), OptionalInt.empty());
    }
}

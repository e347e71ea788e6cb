package io.dcloud.vm.spec;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a tenant rents: a plain VM, a confidential VM (AMD SEV-SNP, Intel TDX), or a VM with passed-through GPUs. */
public enum VmKind {
    STANDARD("standard"),
    SEV_SNP("sev-snp"),
    TDX("tdx"),
    GPU("gpu");

    private final String label;

    VmKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean confidential() {
        return this == SEV_SNP || this == TDX;
    }

    public static VmKind parse(String label) {
        return Arrays.stream(values())
                .filter(k -> k.label.equals(label))
                .findFirst()
                .orElseThrow(() -> new InvalidSpecException("kind: '" + label + "' is not one of "
                        + Arrays.stream(values()).map(VmKind::label).collect(Collectors.joining(", "))));
    }
}

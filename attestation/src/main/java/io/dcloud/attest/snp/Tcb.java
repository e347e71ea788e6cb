package io.dcloud.attest.snp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The security patch levels packed in a TCB_VERSION field. Milan and Genoa: byte 0 boot loader, 1 TEE,
 * 6 SNP, 7 microcode. Turin adds FMC: byte 0 FMC, 1 boot loader, 2 TEE, 3 SNP, 7 microcode.
 */
public record Tcb(int fmc, int bootloader, int tee, int snp, int microcode) {

    public static Tcb decode(long raw, Product product) {
        int[] b = new int[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (int) (raw >>> (8 * i)) & 0xff;
        }
        return product == Product.TURIN ? new Tcb(b[0], b[1], b[2], b[3], b[7]) : new Tcb(0, b[0], b[1], b[6], b[7]);
    }

    public long encode(Product product) {
        return product == Product.TURIN
                ? (long) fmc | (long) bootloader << 8 | (long) tee << 16 | (long) snp << 24 | (long) microcode << 56
                : (long) bootloader | (long) tee << 8 | (long) snp << 48 | (long) microcode << 56;
    }

    /** True when every component is at least the other's: TCB levels are only partially ordered. */
    public boolean atLeast(Tcb min) {
        return fmc >= min.fmc
                && bootloader >= min.bootloader
                && tee >= min.tee
                && snp >= min.snp
                && microcode >= min.microcode;
    }

    public Map<String, Object> toMap(Product product) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (product == Product.TURIN) {
            m.put("fmc", fmc);
        }
        m.put("bootloader", bootloader);
        m.put("tee", tee);
        m.put("snp", snp);
        m.put("microcode", microcode);
        return m;
    }

    @Override
    public String toString() {
        // FMC exists only on Turin; a zero FMC is left out so Milan and Genoa levels read naturally.
        return (fmc != 0 ? "fmc=" + fmc + "," : "") + "bl=" + bootloader + ",tee=" + tee + ",snp=" + snp + ",ucode="
                + microcode;
    }
}

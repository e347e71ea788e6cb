package io.dcloud.attest.snp;

import java.util.Locale;
import java.util.Optional;

/** The AMD EPYC generations that sign SEV-SNP reports; each has its own ARK and TCB layout. */
public enum Product {
    MILAN,
    GENOA,
    TURIN;

    /** The name AMD uses in KDS URLs and certificate names ("Milan"). */
    public String displayName() {
        String n = name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    /** Accepts "Milan", "milan", and VCEK product names such as "Milan-B0". */
    public static Optional<Product> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String base = name.strip().split("-", 2)[0].toUpperCase(Locale.ROOT);
        for (Product p : values()) {
            if (p.name().equals(base)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The product of a v3+ report's CPUID family and model (AMD family 19h: Milan, Genoa; 1Ah: Turin). */
    public static Optional<Product> fromCpuid(int family, int model) {
        if (family == 0x19 && model >> 4 == 0x0) {
            return Optional.of(MILAN);
        }
        if (family == 0x19 && (model >> 4 == 0x1 || model >> 4 == 0xA)) {
            return Optional.of(GENOA);
        }
        if (family == 0x1A && model >> 4 <= 0x1) {
            return Optional.of(TURIN);
        }
        return Optional.empty();
    }
}

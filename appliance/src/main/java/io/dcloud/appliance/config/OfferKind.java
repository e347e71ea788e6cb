package io.dcloud.appliance.config;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of VM a host can offer, named as on the ledger. */
public enum OfferKind {
    STANDARD("standard"),
    SEV_SNP("sev-snp"),
    TDX("tdx"),
    GPU("gpu");

    private final String id;

    OfferKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<OfferKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}

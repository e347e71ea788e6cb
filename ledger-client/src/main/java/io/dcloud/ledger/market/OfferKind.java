package io.dcloud.ledger.market;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Machine kinds, numbered as in the contract (KIND_STANDARD ... KIND_GPU). */
public enum OfferKind {
    STANDARD,
    SEV_SNP,
    TDX,
    GPU;

    public static OfferKind ofCode(int code) {
        if (code < 0 || code >= values().length) {
            throw new IllegalArgumentException("unknown offer kind code " + code);
        }
        return values()[code];
    }

    /** The name people and the docs use: {@code standard}, {@code sev-snp}, {@code tdx}, {@code gpu}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads a kind by its id; {@code sev_snp} (the enum's spelling) is accepted too, in any case. */
    public static OfferKind parse(String text) {
        String id = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values())
                .filter(k -> k.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown offer kind '" + text + "', expected one of "
                        + Arrays.stream(values()).map(OfferKind::id).collect(Collectors.joining(", "))));
    }
}

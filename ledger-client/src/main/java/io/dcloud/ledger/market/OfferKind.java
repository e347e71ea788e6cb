package io.dcloud.ledger.market;

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
}

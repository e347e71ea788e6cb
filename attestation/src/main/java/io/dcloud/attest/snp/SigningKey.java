package io.dcloud.attest.snp;

/** Which AMD key signed the report (the SIGNING_KEY bits of the report's flags). */
public enum SigningKey {
    VCEK,
    VLEK,
    NONE
}

package io.dcloud.attest.snp;

import java.util.LinkedHashMap;
import java.util.Map;

/** The guest policy the VM was launched with (SEV-SNP ABI, table "Guest Policy Structure"). */
public record GuestPolicy(long raw) {

    public int abiMinor() {
        return (int) (raw & 0xff);
    }

    public int abiMajor() {
        return (int) (raw >>> 8 & 0xff);
    }

    public boolean smt() {
        return bit(16);
    }

    public boolean migrateMa() {
        return bit(18);
    }

    public boolean debug() {
        return bit(19);
    }

    public boolean singleSocket() {
        return bit(20);
    }

    private boolean bit(int n) {
        return (raw >>> n & 1) == 1;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("raw", "0x" + Long.toHexString(raw));
        m.put("abiMajor", abiMajor());
        m.put("abiMinor", abiMinor());
        m.put("smt", smt());
        m.put("migrateMa", migrateMa());
        m.put("debug", debug());
        m.put("singleSocket", singleSocket());
        return m;
    }
}

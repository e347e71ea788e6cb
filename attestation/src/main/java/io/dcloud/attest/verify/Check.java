package io.dcloud.attest.verify;

/** One check that ran: a stable name ("snp.signature"), whether it passed, and why. */
public record Check(String name, boolean ok, String reason) {

    public static Check pass(String name, String reason) {
        return new Check(name, true, reason);
    }

    public static Check fail(String name, String reason) {
        return new Check(name, false, reason);
    }
}

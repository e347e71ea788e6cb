package io.dcloud.appliance.api.health;

/** The outcome of one readiness check, with a sentence an operator can act on. */
public record CheckResult(boolean up, String detail) {

    public static CheckResult up(String detail) {
        return new CheckResult(true, detail);
    }

    public static CheckResult down(String detail) {
        return new CheckResult(false, detail);
    }
}

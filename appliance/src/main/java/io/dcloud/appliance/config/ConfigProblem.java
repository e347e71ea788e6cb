package io.dcloud.appliance.config;

/** One thing wrong with the configuration, named by its key path so the operator can find it. */
public record ConfigProblem(String key, String message) {

    @Override
    public String toString() {
        return key + ": " + message;
    }
}

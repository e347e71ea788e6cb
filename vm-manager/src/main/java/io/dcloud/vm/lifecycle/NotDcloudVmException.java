package io.dcloud.vm.lifecycle;

/** The domain exists but carries no dcloud metadata: dcloud leaves other people's domains alone. */
public final class NotDcloudVmException extends RuntimeException {
    public NotDcloudVmException(String name) {
        super("domain '" + name + "' is not a dcloud VM (no dcloud metadata)");
    }
}

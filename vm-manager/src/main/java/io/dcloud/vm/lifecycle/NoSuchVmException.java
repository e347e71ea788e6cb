package io.dcloud.vm.lifecycle;

/** No domain of that name exists. */
public final class NoSuchVmException extends RuntimeException {
    public NoSuchVmException(String name) {
        super("no VM named '" + name + "'");
    }
}

package io.dcloud.vm.inventory;

/** The host cannot serve a (valid) spec; the message says what is missing, before libvirt is asked. */
public final class HostRefusedException extends RuntimeException {
    public HostRefusedException(String message) {
        super(message);
    }
}

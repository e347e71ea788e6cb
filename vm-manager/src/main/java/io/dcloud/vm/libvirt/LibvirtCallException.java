package io.dcloud.vm.libvirt;

/** A libvirt call made through {@link LibvirtCalls} failed; the message is libvirt's own. */
public final class LibvirtCallException extends RuntimeException {
    public LibvirtCallException(String message) {
        super(message);
    }
}

package io.dcloud.vm.lifecycle;

/** A lifecycle change libvirt reported for a domain, e.g. STARTED/BOOTED or CRASHED/PANICKED. */
public record VmEvent(String name, String type, String detail) {
    public boolean crashed() {
        return "CRASHED".equals(type) || "FAILED".equals(detail) || "CRASHED".equals(detail);
    }
}

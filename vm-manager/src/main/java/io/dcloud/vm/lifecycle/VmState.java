package io.dcloud.vm.lifecycle;

import org.libvirt.DomainInfo.DomainState;

/** The libvirt domain states dcloud cares about. */
public enum VmState {
    RUNNING,
    PAUSED,
    SHUTTING_DOWN,
    SHUT_OFF,
    CRASHED,
    OTHER;

    static VmState of(DomainState state) {
        return switch (state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> RUNNING;
            case VIR_DOMAIN_PAUSED, VIR_DOMAIN_PMSUSPENDED -> PAUSED;
            case VIR_DOMAIN_SHUTDOWN -> SHUTTING_DOWN;
            case VIR_DOMAIN_SHUTOFF -> SHUT_OFF;
            case VIR_DOMAIN_CRASHED -> CRASHED;
            default -> OTHER;
        };
    }
}

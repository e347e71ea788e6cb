package io.dcloud.vm.lifecycle;

/** How {@link VmManager#stop} ended: callers and admins need to know when a guest had to be powered off hard. */
public enum StopOutcome {
    /** The VM was not running; nothing was done. */
    ALREADY_OFF,
    /** The guest answered the ACPI power button within the grace period. */
    SHUT_DOWN,
    /** The guest ignored the power button for the whole grace period and was powered off (virDomainDestroy). */
    FORCED
}

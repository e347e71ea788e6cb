package io.dcloud.appliance.api.health;

import java.util.function.Supplier;

/**
 * A named check the wiring supplies (libvirt reachable, ledger caught up, routers listening...).
 * The probe runs on every {@code /health/ready} request, so it must answer from memory or be quick.
 */
public record ReadinessCheck(String name, Supplier<CheckResult> probe) {}

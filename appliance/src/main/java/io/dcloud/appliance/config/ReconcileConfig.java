package io.dcloud.appliance.config;

import java.time.Duration;

/**
 * The reconciler's timers.
 *
 * @param readyTimeout how long a new VM may take to answer on SSH before its rental is rejected
 * @param teardownGrace how long a VM outlives the end of its rental before it is destroyed
 */
public record ReconcileConfig(Duration readyTimeout, Duration teardownGrace) {}

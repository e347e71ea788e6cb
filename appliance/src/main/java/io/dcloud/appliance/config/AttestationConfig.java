package io.dcloud.appliance.config;

import java.time.Duration;

/**
 * How the appliance reaches the evidence agent inside confidential guests.
 *
 * @param agentPort the port {@code dcloud attest serve} listens on inside the guest
 * @param timeout how long one relayed request may take, connect and answer together
 */
public record AttestationConfig(int agentPort, Duration timeout) {}

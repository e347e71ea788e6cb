package io.dcloud.forward;

import io.dcloud.relay.RelayConfig;
import java.time.Duration;

/**
 * Settings shared by every mapping of a forwarder.
 *
 * @param udpIdleTimeout a UDP session (one client address) ends after this long without a datagram
 * @param threads event loop threads
 */
public record ForwarderConfig(RelayConfig relay, Duration udpIdleTimeout, int threads) {

    public ForwarderConfig {
        if (udpIdleTimeout.isNegative() || udpIdleTimeout.isZero() || threads < 1) {
            throw new IllegalArgumentException("udpIdleTimeout must be positive and threads at least 1");
        }
    }

    public static ForwarderConfig defaults() {
        return new ForwarderConfig(
                RelayConfig.DEFAULTS,
                Duration.ofSeconds(60),
                Runtime.getRuntime().availableProcessors());
    }

    public ForwarderConfig withUdpIdleTimeout(Duration idle) {
        return new ForwarderConfig(relay, idle, threads);
    }

    public ForwarderConfig withThreads(int count) {
        return new ForwarderConfig(relay, udpIdleTimeout, count);
    }

    public ForwarderConfig withRelay(RelayConfig next) {
        return new ForwarderConfig(next, udpIdleTimeout, threads);
    }
}

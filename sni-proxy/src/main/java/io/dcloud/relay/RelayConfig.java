package io.dcloud.relay;

import java.time.Duration;

/**
 * Timeouts and limits shared by every relayed connection.
 *
 * @param maxConnections global cap on concurrent client connections
 * @param maxConnectionsPerIp cap per client source address
 */
public record RelayConfig(Duration connectTimeout, Duration idleTimeout, int maxConnections, int maxConnectionsPerIp) {

    public static final RelayConfig DEFAULTS =
            new RelayConfig(Duration.ofSeconds(5), Duration.ofMinutes(10), 50_000, 1_000);

    public RelayConfig {
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || idleTimeout.isNegative()
                || idleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxConnections < 1 || maxConnectionsPerIp < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
    }

    public RelayConfig withLimits(int max, int perIp) {
        return new RelayConfig(connectTimeout, idleTimeout, max, perIp);
    }
}

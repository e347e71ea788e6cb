package io.dcloud.relay;

import java.util.Map;

/**
 * A point-in-time copy of the relay counters, ready to export.
 *
 * @param bytes per route or mapping key
 */
public record MetricsSnapshot(
        long accepted,
        long active,
        Map<RejectReason, Long> rejected,
        long backendConnects,
        long backendConnectFailures,
        long backendConnectNanosTotal,
        Map<String, Bytes> bytes) {

    /** Bytes relayed for one route or mapping, each way. */
    public record Bytes(long toBackend, long toClient) {}

    public long rejected(RejectReason reason) {
        return rejected.getOrDefault(reason, 0L);
    }

    /** Mean backend connect latency in microseconds, 0 before the first connect. */
    public long meanConnectMicros() {
        return backendConnects == 0 ? 0 : backendConnectNanosTotal / backendConnects / 1000;
    }
}

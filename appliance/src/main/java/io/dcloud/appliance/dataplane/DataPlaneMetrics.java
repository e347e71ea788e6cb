package io.dcloud.appliance.dataplane;

import io.dcloud.appliance.metrics.MetricsRegistry;
import io.dcloud.relay.MetricsSnapshot;
import io.dcloud.relay.RejectReason;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Exports the relay counters of the router and the forwarder as Prometheus gauges, read at scrape time: the data
 * plane only counts, it never formats.
 */
public final class DataPlaneMetrics {
    private DataPlaneMetrics() {}

    public static void register(MetricsRegistry registry, DataPlane dataPlane) {
        export(registry, "router", () -> dataPlane.router().metrics());
        export(registry, "forwarder", () -> dataPlane.forwarder().metrics());
    }

    private static void export(MetricsRegistry registry, String plane, Supplier<MetricsSnapshot> source) {
        gauge(
                registry,
                "dcloud_dataplane_accepted",
                "Client connections accepted",
                plane,
                source,
                MetricsSnapshot::accepted);
        gauge(
                registry,
                "dcloud_dataplane_active",
                "Client connections open now",
                plane,
                source,
                MetricsSnapshot::active);
        gauge(
                registry,
                "dcloud_dataplane_backend_connect_failures",
                "Backend connects that failed",
                plane,
                source,
                MetricsSnapshot::backendConnectFailures);
        gauge(
                registry,
                "dcloud_dataplane_backend_connect_mean_micros",
                "Mean backend connect latency",
                plane,
                source,
                MetricsSnapshot::meanConnectMicros);
        for (RejectReason reason : RejectReason.values()) {
            registry.gauge(
                    "dcloud_dataplane_rejected",
                    "Client connections refused before a backend, by reason",
                    Map.of("plane", plane, "reason", reason.name().toLowerCase(Locale.ROOT)),
                    () -> source.get().rejected(reason));
        }
    }

    private static void gauge(
            MetricsRegistry registry,
            String name,
            String help,
            String plane,
            Supplier<MetricsSnapshot> source,
            ToLongFunction<MetricsSnapshot> value) {
        registry.gauge(name, help, Map.of("plane", plane), () -> value.applyAsLong(source.get()));
    }
}

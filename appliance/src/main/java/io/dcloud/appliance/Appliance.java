package io.dcloud.appliance;

import io.dcloud.appliance.api.ApiResources;
import io.dcloud.appliance.api.ApiSettings;
import io.dcloud.appliance.api.ManagementApi;
import io.dcloud.appliance.api.health.CheckResult;
import io.dcloud.appliance.api.health.ReadinessCheck;
import io.dcloud.appliance.api.host.HostView;
import io.dcloud.appliance.config.ApplianceConfig;
import io.dcloud.appliance.config.OfferKind;
import io.dcloud.appliance.dataplane.DataPlaneMetrics;
import io.dcloud.appliance.host.HostViews;
import io.dcloud.appliance.host.RentalHost;
import io.dcloud.appliance.metrics.MetricsRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The running appliance: the rental host (libvirt, data plane, ledger, reconciler) and the management API that
 * shows and operates it.
 */
public final class Appliance implements AutoCloseable {

    private final MetricsRegistry metrics;
    private final RentalHost host;
    private final ManagementApi api;

    private Appliance(MetricsRegistry metrics, RentalHost host, ManagementApi api) {
        this.metrics = metrics;
        this.host = host;
        this.api = api;
    }

    /**
     * Creates the state directory (0700) if needed, starts the rental host (its data plane first, filled from
     * libvirt), then the management API.
     */
    public static Appliance start(ApplianceConfig config, Map<String, String> env, Clock clock) throws Exception {
        Files.createDirectories(
                config.stateDir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        var metrics = new MetricsRegistry();
        var passes = metrics.counter("dcloud_reconciler_passes_total", "Reconciler passes run");
        var ledgerErrors =
                metrics.counter("dcloud_reconciler_ledger_unreachable_total", "Passes that could not read the ledger");
        var host = RentalHost.start(config, env, clock, report -> {
            passes.increment();
            report.ledgerError().ifPresent(e -> ledgerErrors.increment());
        });
        try {
            DataPlaneMetrics.register(metrics, host.dataPlane());
            metrics.gauge(
                    "dcloud_ledger_checkpoint_block",
                    "Last ledger block whose events were delivered",
                    host::ledgerCheckpointBlock);
            var api = ManagementApi.start(ApiSettings.from(config, clock), resources(config, host), metrics);
            return new Appliance(metrics, host, api);
        } catch (Exception e) {
            host.close();
            throw e;
        }
    }

    public ManagementApi api() {
        return api;
    }

    public MetricsRegistry metrics() {
        return metrics;
    }

    public RentalHost host() {
        return host;
    }

    @Override
    public void close() throws Exception {
        api.close();
        host.close();
    }

    private static ApiResources resources(ApplianceConfig config, RentalHost host) {
        var view = new HostView(
                config.provider().name(),
                config.provider().domain(),
                config.provider().publicAddress(),
                Runtime.getRuntime().availableProcessors(),
                physicalMemoryMib(),
                config.offers().pricePerHour().keySet().stream()
                        .sorted()
                        .map(OfferKind::id)
                        .toList());
        var views = new HostViews(host, config.provider().domain());
        var reconciler = new ReadinessCheck("reconciler", () -> {
            var last = host.loop().lastReport();
            if (last == null) {
                return CheckResult.down("no reconciler pass has finished yet");
            }
            return last.ledgerError()
                    .map(e -> CheckResult.down("ledger unreachable (the data plane keeps serving): " + e))
                    .orElseGet(() -> CheckResult.up("last pass read the ledger"));
        });
        return new ApiResources(
                () -> view, List::of, views::rentals, views, views::routes, views::ports, List.of(reconciler));
    }

    private static long physicalMemoryMib() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() / (1024 * 1024)
                : 0;
    }
}

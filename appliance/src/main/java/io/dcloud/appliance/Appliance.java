package io.dcloud.appliance;

import io.dcloud.appliance.acme.AcmeCertificates;
import io.dcloud.appliance.acme.AcmeSettings;
import io.dcloud.appliance.acme.CertificateRenewal;
import io.dcloud.appliance.acme.PendingChallenges;
import io.dcloud.appliance.api.ApiResources;
import io.dcloud.appliance.api.ApiSettings;
import io.dcloud.appliance.api.ManagementApi;
import io.dcloud.appliance.api.health.CheckResult;
import io.dcloud.appliance.api.health.ReadinessCheck;
import io.dcloud.appliance.api.host.HostView;
import io.dcloud.appliance.api.tls.TrustedCas;
import io.dcloud.appliance.attestation.EvidenceRelay;
import io.dcloud.appliance.attestation.GuestEvidence;
import io.dcloud.appliance.config.ApplianceConfig;
import io.dcloud.appliance.config.OfferKind;
import io.dcloud.appliance.dataplane.DataPlaneMetrics;
import io.dcloud.appliance.domains.CustomDomains;
import io.dcloud.appliance.domains.DomainPolicy;
import io.dcloud.appliance.domains.TxtResolver;
import io.dcloud.appliance.host.HostViews;
import io.dcloud.appliance.host.RentalHost;
import io.dcloud.appliance.metrics.MetricsRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The running appliance: the rental host (libvirt, data plane, ledger, reconciler) and the management API that
 * shows and operates it.
 */
public final class Appliance implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Appliance.class.getName());

    private final MetricsRegistry metrics;
    private final RentalHost host;
    private final ManagementApi api;
    private final Optional<CertificateRenewal> renewal;

    private Appliance(
            MetricsRegistry metrics, RentalHost host, ManagementApi api, Optional<CertificateRenewal> renewal) {
        this.metrics = metrics;
        this.host = host;
        this.api = api;
        this.renewal = renewal;
    }

    /**
     * The API starts with the ACME certificate when one is stored or can be had now; otherwise with its configured
     * or self-signed one, and the renewal keeps trying (the :80 router answers the challenges from the start).
     */
    private static ApiSettings withAcmeCertificate(ApiSettings settings, AcmeCertificates certificates) {
        try {
            return settings.withIdentity(certificates.ensureCertificate().identity());
        } catch (Exception e) {
            LOG.log(Level.WARNING, "no ACME certificate yet, the API starts with its own; renewal retries", e);
            return settings;
        }
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
        var challenges = new PendingChallenges();
        var host = RentalHost.start(
                config,
                env,
                clock,
                report -> {
                    passes.increment();
                    report.ledgerError().ifPresent(e -> ledgerErrors.increment());
                },
                challenges);
        try {
            DataPlaneMetrics.register(metrics, host.dataPlane());
            metrics.gauge(
                    "dcloud_ledger_checkpoint_block",
                    "Last ledger block whose events were delivered",
                    host::ledgerCheckpointBlock);
            metrics.gauge(
                    "dcloud_ledger_lag_blocks",
                    "Blocks between the chain head and the last block whose events were delivered (NaN: ledger"
                            + " unreachable)",
                    host.ledgerLag());
            var settings = ApiSettings.from(config, clock);
            Optional<AcmeCertificates> acme = Optional.empty();
            if (config.acme().enabled()) {
                var acmeSettings = AcmeSettings.of(
                        config.acme().directoryUrl(),
                        config.acme().email().orElseThrow(),
                        config.acme().domain(),
                        config.stateDir().resolve("acme"));
                if (config.acme().trustFile().isPresent()) {
                    acmeSettings = acmeSettings.withServerTrust(
                            TrustedCas.fromPem(config.acme().trustFile().get()));
                }
                var certificates = new AcmeCertificates(acmeSettings, challenges, clock);
                settings = withAcmeCertificate(settings, certificates);
                acme = Optional.of(certificates);
            }
            var api = ManagementApi.start(settings, resources(config, host, clock), metrics);
            var renewal = acme.map(c -> CertificateRenewal.start(
                    c, CertificateRenewal.TWICE_A_DAY, stored -> api.reloadIdentity(stored.identity())));
            return new Appliance(metrics, host, api, renewal);
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
        if (renewal.isPresent()) {
            renewal.get().close();
        }
        api.close();
        host.close();
    }

    private static ApiResources resources(ApplianceConfig config, RentalHost host, Clock clock) {
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
        var views = new HostViews(host, config.provider().domain(), clock);
        var reconciler = new ReadinessCheck("reconciler", () -> {
            var last = host.loop().lastReport();
            if (last == null) {
                return CheckResult.down("no reconciler pass has finished yet");
            }
            return last.ledgerError()
                    .map(e -> CheckResult.down("ledger unreachable (the data plane keeps serving): " + e))
                    .orElseGet(() -> CheckResult.up("last pass read the ledger"));
        });
        var evidence = new GuestEvidence(
                views::vms,
                new EvidenceRelay(
                        config.attestation().agentPort(), config.attestation().timeout()));
        return new ApiResources(
                () -> view,
                views::offers,
                views::rentals,
                host.actions(),
                host.localRentalDesk(),
                evidence,
                views::routes,
                views::ports,
                List.of(reconciler),
                Optional.of(customDomains(config, host)));
    }

    private static CustomDomains customDomains(ApplianceConfig config, RentalHost host) {
        var dns = config.tenantDomains()
                .dnsServer()
                .map(server -> TxtResolver.at(server, TxtResolver.DEFAULT_TIMEOUT))
                .orElseGet(() -> TxtResolver.system(TxtResolver.DEFAULT_TIMEOUT));
        var reserved = new ArrayList<String>(List.of(config.acme().domain()));
        if (!config.provider().publicAddress().matches("[0-9.:]+")) {
            reserved.add(config.provider().publicAddress());
        }
        return new CustomDomains(
                host.vms(),
                host.dataPlane(),
                dns,
                new DomainPolicy(config.provider().domain(), reserved),
                host.providerAddress());
    }

    private static long physicalMemoryMib() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() / (1024 * 1024)
                : 0;
    }
}

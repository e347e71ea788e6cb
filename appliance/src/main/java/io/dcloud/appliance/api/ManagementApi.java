package io.dcloud.appliance.api;

import io.dcloud.appliance.api.attestation.EvidenceService;
import io.dcloud.appliance.api.auth.AdminAuthFilter;
import io.dcloud.appliance.api.health.HealthService;
import io.dcloud.appliance.api.host.HostService;
import io.dcloud.appliance.api.offers.OffersService;
import io.dcloud.appliance.api.openapi.OpenApiService;
import io.dcloud.appliance.api.ports.PortsService;
import io.dcloud.appliance.api.rentals.ActionOutcome;
import io.dcloud.appliance.api.rentals.RentalAction;
import io.dcloud.appliance.api.rentals.RentalsService;
import io.dcloud.appliance.api.routes.RoutesService;
import io.dcloud.appliance.api.tenant.NonceLedger;
import io.dcloud.appliance.api.tenant.TenantAuthorizer;
import io.dcloud.appliance.api.tenant.TenantDomainService;
import io.dcloud.appliance.api.tenant.TenantRental;
import io.dcloud.appliance.api.tenant.TenantRentals;
import io.dcloud.appliance.api.tenant.TenantService;
import io.dcloud.appliance.api.tls.TlsIdentity;
import io.dcloud.appliance.metrics.MetricsRegistry;
import io.dcloud.appliance.metrics.MetricsService;
import io.dcloud.attest.agent.AgentRequest;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import io.helidon.http.HttpException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The management API: one HTTPS listener, admin authentication in front of every resource. */
public final class ManagementApi implements AutoCloseable {

    /**
     * Past this size Helidon refuses a request itself, before routing (a bare 413); below it,
     * {@link Json} answers oversized bodies with a problem.
     */
    static final long MAX_PAYLOAD = 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(ManagementApi.class.getName());

    private final WebServer server;
    private volatile ApiSettings settings;

    private ManagementApi(WebServer server, ApiSettings settings) {
        this.server = server;
        this.settings = settings;
    }

    public static ManagementApi start(ApiSettings settings, ApiResources resources, MetricsRegistry metrics) {
        var server = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .shutdownHook(false)
                .maxPayloadSize(MAX_PAYLOAD)
                .tls(tls(settings))
                .routing(routing -> routing(routing, settings, resources, metrics))
                .build()
                .start();
        // Helidon logs a listener that cannot bind and returns anyway: refuse to claim we are listening
        if (!server.isRunning()) {
            server.stop();
            throw new IllegalStateException("the management API cannot listen on " + settings.host() + ":"
                    + settings.port() + " (port taken or address not local?)");
        }
        return new ManagementApi(server, settings);
    }

    private static void routing(
            HttpRouting.Builder routing, ApiSettings settings, ApiResources resources, MetricsRegistry metrics) {
        var authFailures = metrics.counter(
                "dcloud_api_auth_failures_total", "Management API requests refused for lack of valid credentials.");
        routing.addFilter(new RequestMetricsFilter(metrics))
                .addFilter(new AdminAuthFilter(
                        settings.tokens(), !settings.clientCas().isEmpty(), authFailures))
                .register("/health", new HealthService(resources.readiness()))
                .register("/metrics", new MetricsService(metrics))
                .register("/openapi", new OpenApiService())
                .register("/host", new HostService(resources.host()))
                .register("/offers", new OffersService(resources.offers()))
                .register(
                        "/rentals",
                        new RentalsService(resources.rentals(), resources.rentalActions(), resources.rentalCreation()))
                .register("/rentals", new EvidenceService(resources.evidence()))
                .register("/routes", new RoutesService(resources.routes()))
                .register("/ports", new PortsService(resources.ports()))
                .register("/tenant", tenantServices(resources))
                .any(ManagementApi::noSuchEndpoint)
                .error(ProblemException.class, (req, res, e) -> Json.sendProblem(res, e.problem()))
                .error(HttpException.class, ManagementApi::httpError)
                .error(Exception.class, ManagementApi::unexpected);
    }

    /** The tenant's endpoints, sharing one replay guard so that a signature is served once in all of them. */
    private static HttpService[] tenantServices(ApiResources resources) {
        var rentals = tenantView(resources);
        var authorizer = new TenantAuthorizer(rentals, Clock.systemUTC(), new NonceLedger());
        var services = new ArrayList<HttpService>(List.of(new TenantService(authorizer, rentals)));
        resources.domains().ifPresent(domains -> services.add(new TenantDomainService(authorizer, domains)));
        return services.toArray(HttpService[]::new);
    }

    /** What a tenant may see of, and do to, its own rental: the admin view narrowed to one rental. */
    private static TenantRentals tenantView(ApiResources resources) {
        return new TenantRentals() {
            @Override
            public Optional<TenantRental> find(String rentalId) {
                return resources.rentals().get().stream()
                        .filter(r -> r.id().equals(rentalId))
                        .findFirst()
                        .map(r -> new TenantRental(r.id(), r.tenant(), r.hostname(), r.sshPort(), r.state()));
            }

            @Override
            public ActionOutcome reboot(String rentalId) {
                return resources.rentalActions().perform(rentalId, RentalAction.REBOOT, "tenant request");
            }

            @Override
            public byte[] evidence(String rentalId, AgentRequest request) {
                return resources.evidence().fetch(rentalId, request);
            }
        };
    }

    public int port() {
        return server.port();
    }

    public ApiSettings settings() {
        return settings;
    }

    /** Presents {@code identity} to new connections from now on (a renewed certificate); live ones keep theirs. */
    public void reloadIdentity(TlsIdentity identity) {
        settings = settings.withIdentity(identity);
        server.reloadTls(tls(settings));
    }

    @Override
    public void close() {
        server.stop();
    }

    private static Tls tls(ApiSettings settings) {
        var tls = Tls.builder()
                .privateKey(settings.identity().key())
                .privateKeyCertChain(settings.identity().chain());
        if (!settings.clientCas().isEmpty()) {
            // OPTIONAL: admins with a certificate need no token, the others still present one
            tls.trust(settings.clientCas()).clientAuth(TlsClientAuth.OPTIONAL);
        }
        return tls.build();
    }

    private static void noSuchEndpoint(ServerRequest req, ServerResponse res) {
        Json.sendProblem(
                res,
                Problem.notFound("no endpoint " + req.prologue().method().text() + " "
                        + req.path().path() + "; see GET /openapi"));
    }

    private static void httpError(ServerRequest req, ServerResponse res, HttpException e) {
        Json.sendProblem(res, Problem.ofStatus(e.status().code(), e.status().reasonPhrase(), e.getMessage()));
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        LOG.log(System.Logger.Level.ERROR, "unexpected failure in " + req.path().path(), e);
        Json.sendProblem(res, Problem.internal("the appliance failed to handle this request; its log has the details"));
    }
}

package io.dcloud.appliance.api.auth;

import io.dcloud.appliance.api.Json;
import io.dcloud.appliance.api.Problem;
import io.dcloud.appliance.metrics.Counter;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Set;

/**
 * Lets a request through only with a valid admin bearer token or, when a client CA is configured,
 * a client certificate the TLS handshake already verified against it. Health probes stay open so
 * that supervisors need no secret.
 */
public final class AdminAuthFilter implements Filter {

    private static final Set<String> OPEN_PATHS = Set.of("/health/live", "/health/ready");
    private static final String BEARER = "Bearer ";

    private final AdminTokens tokens;
    private final boolean clientCertificates;
    private final Counter failures;

    /**
     * @param clientCertificates whether the listener asks for client certificates (verified by TLS)
     * @param failures counts refused requests
     */
    public AdminAuthFilter(AdminTokens tokens, boolean clientCertificates, Counter failures) {
        this.tokens = tokens;
        this.clientCertificates = clientCertificates;
        this.failures = failures;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        // /tenant/** authenticates by the tenant's own signature (TenantService); path() has dot segments resolved
        if (OPEN_PATHS.contains(req.path().path()) || req.path().path().startsWith("/tenant/") || admitted(req)) {
            chain.proceed();
            return;
        }
        failures.increment();
        boolean presented = req.headers().contains(HeaderNames.AUTHORIZATION);
        res.header(HeaderNames.WWW_AUTHENTICATE, presented ? "Bearer error=\"invalid_token\"" : "Bearer");
        Json.sendProblem(
                res,
                Problem.unauthorized(
                        presented
                                ? "the bearer token is not valid"
                                : "this endpoint needs an admin bearer token (Authorization: Bearer ...)"));
    }

    private boolean admitted(RoutingRequest req) {
        if (clientCertificates
                && req.remotePeer().tlsCertificates().map(c -> c.length > 0).orElse(false)) {
            return true;
        }
        return req.headers()
                .first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(value -> tokens.admits(value.substring(BEARER.length()).strip()))
                .orElse(false);
    }
}

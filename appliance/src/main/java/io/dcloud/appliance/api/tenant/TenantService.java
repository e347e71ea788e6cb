package io.dcloud.appliance.api.tenant;

import io.dcloud.appliance.api.Json;
import io.dcloud.appliance.api.Problem;
import io.dcloud.appliance.api.ProblemException;
import io.dcloud.appliance.api.attestation.EvidenceService;
import io.dcloud.appliance.api.rentals.ActionAccepted;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /tenant/rentals/{id}}: what a rental's tenant may see of and do to it, authenticated by the tenant's
 * signature over the request ({@link TenantAuthorizer}) instead of an admin token.
 */
public final class TenantService implements HttpService {

    private final TenantAuthorizer authorizer;
    private final TenantRentals rentals;

    public TenantService(TenantAuthorizer authorizer, TenantRentals rentals) {
        this.authorizer = authorizer;
        this.rentals = rentals;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/rentals/{id}", this::show)
                .post("/rentals/{id}/reboot", this::reboot)
                .get("/rentals/{id}/evidence/{nonce}", this::evidence);
    }

    private void show(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, authorizer.authorize(req, res));
    }

    private void reboot(ServerRequest req, ServerResponse res) {
        var rental = authorizer.authorize(req, res);
        var outcome = rentals.reboot(rental.id());
        if (!outcome.accepted()) {
            throw new ProblemException(Problem.conflict(outcome.detail()));
        }
        Json.send(res, Status.ACCEPTED_202, new ActionAccepted(rental.id(), "reboot", outcome.detail()));
    }

    /**
     * The nonce is part of the signed path, so the evidence request as a whole is the tenant's; the binding may
     * come as a query parameter, since changing it can only make the tenant's verification fail.
     */
    private void evidence(ServerRequest req, ServerResponse res) {
        var rental = authorizer.authorize(req, res);
        var request = EvidenceService.request(
                req.path().pathParameters().get("nonce"),
                req.query().first("binding").orElse("sha512"));
        EvidenceService.send(res, rentals.evidence(rental.id(), request));
    }
}

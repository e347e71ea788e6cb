package io.dcloud.appliance.api.tenant;

import io.dcloud.appliance.api.Json;
import io.dcloud.appliance.api.Problem;
import io.dcloud.appliance.api.ProblemException;
import io.dcloud.appliance.domains.CustomDomains;
import io.dcloud.appliance.domains.DomainName;
import io.dcloud.appliance.domains.DomainRefusal;
import io.dcloud.appliance.domains.DomainState;
import io.dcloud.appliance.domains.ParsedDomain;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import org.libvirt.LibvirtException;

/**
 * {@code /tenant/rentals/{id}/domains/{domain}}: a tenant's own domains on its rental ({@link CustomDomains}),
 * signed like every tenant request; the domain is part of the signed path, in ASCII form.
 */
public final class TenantDomainService implements HttpService {

    /** A refusal clients act on by creating the record the detail names, so it has a type of its own. */
    public static final String PROOF_MISSING = "urn:dcloud:problem:domain-proof-missing";

    private final TenantAuthorizer authorizer;
    private final CustomDomains domains;

    public TenantDomainService(TenantAuthorizer authorizer, CustomDomains domains) {
        this.authorizer = authorizer;
        this.domains = domains;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/rentals/{id}/domains/{domain}", (req, res) -> answer(req, res, CustomDomains::show))
                .put("/rentals/{id}/domains/{domain}", (req, res) -> answer(req, res, CustomDomains::attach))
                .delete("/rentals/{id}/domains/{domain}", (req, res) -> answer(req, res, CustomDomains::detach));
    }

    @FunctionalInterface
    private interface Step {
        DomainState run(CustomDomains domains, String rentalId, String tenant, DomainName domain)
                throws LibvirtException;
    }

    private void answer(ServerRequest req, ServerResponse res, Step step) throws LibvirtException {
        var domain =
                switch (DomainName.parse(req.path().pathParameters().get("domain"))) {
                    case DomainName name -> name;
                    case ParsedDomain.Invalid invalid ->
                        throw new ProblemException(Problem.badRequest(invalid.reason()));
                };
        var rental = authorizer.authorize(req, res);
        try {
            Json.send(res, Status.OK_200, TenantDomain.of(step.run(domains, rental.id(), rental.tenant(), domain)));
        } catch (DomainRefusal refusal) {
            throw new ProblemException(problem(refusal));
        }
    }

    private static Problem problem(DomainRefusal refusal) {
        var detail = refusal.getMessage();
        return switch (refusal.reason()) {
            case NOT_ALLOWED -> Problem.badRequest(detail);
            case NO_VM, TAKEN, LIMIT -> Problem.conflict(detail);
            case PROOF_MISSING -> new Problem(PROOF_MISSING, "Domain proof missing", 409, detail, List.of());
            case DNS_TIMEOUT -> Problem.gatewayTimeout(detail);
            case DNS_FAILURE -> Problem.badGateway(detail);
        };
    }
}

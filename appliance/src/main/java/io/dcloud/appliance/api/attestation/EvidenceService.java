package io.dcloud.appliance.api.attestation;

import io.dcloud.appliance.api.Problem;
import io.dcloud.appliance.api.ProblemException;
import io.dcloud.attest.agent.AgentRequest;
import io.dcloud.attest.policy.NonceBinding;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.regex.Pattern;

/**
 * {@code GET /rentals/{id}/evidence?nonce=HEX[&binding=raw]}: the admin's view of the attestation relay, e.g. to
 * check that a confidential guest's agent answers before telling its tenant. Tenants use the signed {@code
 * /tenant/rentals/{id}/evidence/{nonce}} instead.
 */
public final class EvidenceService implements HttpService {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,77}");

    private final RentalEvidence evidence;

    public EvidenceService(RentalEvidence evidence) {
        this.evidence = evidence;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{id}/evidence", this::fetch);
    }

    private void fetch(ServerRequest req, ServerResponse res) {
        var id = req.path().pathParameters().get("id");
        if (!ID.matcher(id).matches()) {
            throw new ProblemException(Problem.badRequest(
                    "rental id must be 1-78 lower-case letters, digits or '-', starting with a letter or digit"));
        }
        var query = req.query();
        var nonce = query.first("nonce")
                .orElseThrow(() -> new ProblemException(
                        Problem.badRequest("the query parameter nonce=HEX is required: the verifier's fresh nonce")));
        var binding = query.first("binding").orElse("sha512");
        send(res, evidence.fetch(id, request(nonce, binding)));
    }

    /** Parses a tenant's or admin's nonce and binding; a 400 names what is wrong. */
    public static AgentRequest request(String nonceHex, String binding) {
        NonceBinding mode =
                switch (binding) {
                    case "sha512" -> NonceBinding.SHA512;
                    case "raw" -> NonceBinding.RAW;
                    default ->
                        throw new ProblemException(
                                Problem.badRequest("binding must be sha512 or raw, got '" + binding + "'"));
                };
        try {
            return AgentRequest.of(nonceHex, mode);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.badRequest(e.getMessage()));
        }
    }

    /** The guest's bundle, byte for byte: the tenant verifies exactly what the platform signed. */
    public static void send(ServerResponse res, byte[] bundle) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(bundle);
    }
}

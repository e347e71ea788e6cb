package io.dcloud.appliance.api.tenant;

import io.dcloud.appliance.api.Problem;
import io.dcloud.appliance.api.ProblemException;
import io.dcloud.appliance.api.tenant.TenantSignature.Presented;
import io.dcloud.appliance.api.tenant.TenantSignature.Refusal;
import io.dcloud.appliance.api.tenant.TenantSignature.Signer;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a request under {@code /tenant/rentals/{id}} comes from that rental's tenant, once. Checks run in
 * this order: rental id and canonical path (400), signature headers (400 malformed; 401 missing, expired or wrong),
 * rental (404), signer is the rental's tenant (403), nonce not seen before (401): so only a rental's tenant can put
 * nonces in the {@link NonceLedger}. Every tenant service shares one, so a signature is served once in all of them.
 */
public final class TenantAuthorizer {

    /** Tenants only have ledger rentals, whose ids are uint256 numbers. */
    private static final Pattern ID = Pattern.compile("[0-9]{1,78}");

    private static final String CHALLENGE = "Dcloud-Signature realm=\"tenant\"";

    private final TenantRentals rentals;
    private final Clock clock;
    private final NonceLedger nonces;

    public TenantAuthorizer(TenantRentals rentals, Clock clock, NonceLedger nonces) {
        this.rentals = rentals;
        this.clock = clock;
        this.nonces = nonces;
    }

    /** The rental named in the path, once the request is shown to come from its tenant, once. */
    TenantRental authorize(ServerRequest req, ServerResponse res) {
        var id = req.path().pathParameters().get("id");
        if (!ID.matcher(id).matches()) {
            throw new ProblemException(Problem.badRequest("rental id must be a decimal number of 1-78 digits"));
        }
        var path = req.path().absolute();
        if (!path.rawPath().equals(path.path())) {
            // routing saw the decoded, normalized path: the signed text must be that same path
            throw new ProblemException(Problem.badRequest(
                    "the request path must be sent as is, without '.' or '..' segments or percent-encoding"));
        }
        var now = clock.instant();
        var signer = signer(req, res, path.rawPath(), now);
        var rental =
                rentals.find(id).orElseThrow(() -> new ProblemException(Problem.notFound("no rental with id " + id)));
        if (!signer.address().equals(rental.tenant().toLowerCase(Locale.ROOT))) {
            throw new ProblemException(Problem.forbidden(signer.address() + " is not the tenant of rental " + id));
        }
        switch (nonces.accept(signer.address(), signer.nonce(), signer.expires(), now)) {
            case ACCEPTED -> {}
            case REPLAYED ->
                throw unauthorized(
                        res, "nonce " + signer.nonce() + " was already used; sign each request with a fresh nonce");
            case FULL -> {
                res.header(HeaderNames.RETRY_AFTER, "60");
                throw new ProblemException(Problem.unavailable("too many tenant requests in the last "
                        + TenantSignature.MAX_LIFETIME.toMinutes() + " minutes; try again later"));
            }
        }
        return rental;
    }

    private static Signer signer(ServerRequest req, ServerResponse res, String path, Instant now) {
        var parsed = TenantSignature.parse(name -> req.headers().first(HeaderNames.create(name)));
        var verified =
                switch (parsed) {
                    case Refusal refusal -> refusal;
                    case Presented presented ->
                        presented.verify(req.prologue().method().text(), path, now);
                };
        return switch (verified) {
            case Refusal refusal -> throw refused(res, refusal);
            case Signer signer -> signer;
        };
    }

    private static ProblemException refused(ServerResponse res, Refusal refusal) {
        return switch (refusal.failure()) {
            case MALFORMED_HEADER -> new ProblemException(Problem.badRequest(refusal.detail()));
            case MISSING_HEADER, EXPIRED, EXPIRES_TOO_FAR_AHEAD, WRONG_SIGNATURE -> unauthorized(res, refusal.detail());
        };
    }

    private static ProblemException unauthorized(ServerResponse res, String detail) {
        // RFC 9110: a 401 names the scheme that would be accepted
        res.header(HeaderNames.WWW_AUTHENTICATE, CHALLENGE);
        return new ProblemException(Problem.unauthorized(detail));
    }
}

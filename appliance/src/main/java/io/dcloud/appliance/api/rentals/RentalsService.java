package io.dcloud.appliance.api.rentals;

import io.dcloud.appliance.api.Json;
import io.dcloud.appliance.api.Problem;
import io.dcloud.appliance.api.ProblemException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** {@code /rentals}: list, detail, local rentals the admin creates, and the admin's actions on a rental's VM. */
public final class RentalsService implements HttpService {

    /** Ledger ids are decimal numbers, local ones short DNS-label-like names; clients check ids by the same rule. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,77}");

    public static final String ID_RULE = "1-78 lower-case letters, digits or '-', starting with a letter or digit";

    private static final int MAX_REASON = 500;

    private final Supplier<List<RentalView>> rentals;
    private final RentalActions actions;
    private final RentalCreation creation;

    public RentalsService(Supplier<List<RentalView>> rentals, RentalActions actions, RentalCreation creation) {
        this.rentals = rentals;
        this.actions = actions;
        this.creation = creation;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .get("/{id}", this::show)
                .post("/{id}/stop", (req, res) -> act(req, res, RentalAction.STOP))
                .post("/{id}/start", (req, res) -> act(req, res, RentalAction.START))
                .post("/{id}/reboot", (req, res) -> act(req, res, RentalAction.REBOOT))
                .post("/{id}/force-end", (req, res) -> act(req, res, RentalAction.FORCE_END));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, rentals.get());
    }

    private void create(ServerRequest req, ServerResponse res) {
        var request = Json.readOptional(req, CreateRentalRequest.class)
                .orElseThrow(() -> new ProblemException(
                        Problem.badRequest("a body is required: {\"label\": ..., \"sshKey\": ..., \"hours\": ...}")));
        var created = creation.create(request.validate(creation.offerSize()));
        res.header(HeaderNames.LOCATION, "/rentals/" + created.id());
        Json.send(res, Status.CREATED_201, created);
    }

    private void show(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, existing(req));
    }

    private void act(ServerRequest req, ServerResponse res, RentalAction action) {
        var rental = existing(req);
        var reason = reason(req, action);
        var outcome = actions.perform(rental.id(), action, reason);
        if (!outcome.accepted()) {
            throw new ProblemException(Problem.conflict(outcome.detail()));
        }
        Json.send(res, Status.ACCEPTED_202, new ActionAccepted(rental.id(), action.id(), outcome.detail()));
    }

    private RentalView existing(ServerRequest req) {
        var id = req.path().pathParameters().get("id");
        if (!ID.matcher(id).matches()) {
            throw new ProblemException(Problem.badRequest("rental id must be " + ID_RULE));
        }
        return rentals.get().stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new ProblemException(Problem.notFound("no rental with id " + id)));
    }

    private static String reason(ServerRequest req, RentalAction action) {
        var reason = Json.readOptional(req, ActionRequest.class)
                .map(ActionRequest::reason)
                .map(String::strip)
                .orElse("");
        var errors = new ArrayList<String>();
        if (reason.isEmpty() && action == RentalAction.FORCE_END) {
            errors.add("reason: is required for force-end, e.g. {\"reason\": \"abuse report 42\"}");
        }
        if (reason.length() > MAX_REASON) {
            errors.add("reason: must be at most " + MAX_REASON + " characters");
        }
        if (reason.chars().anyMatch(Character::isISOControl)) {
            errors.add("reason: must not contain control characters");
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.badRequest("the request body is invalid", errors));
        }
        return reason;
    }
}

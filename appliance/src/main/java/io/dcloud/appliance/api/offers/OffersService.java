package io.dcloud.appliance.api.offers;

import io.dcloud.appliance.api.Json;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.function.Supplier;

/** {@code GET /offers}: what this host currently publishes. */
public final class OffersService implements HttpService {

    private final Supplier<List<OfferView>> offers;

    public OffersService(Supplier<List<OfferView>> offers) {
        this.offers = offers;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, offers.get());
    }
}

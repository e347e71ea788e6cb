package io.dcloud.appliance.api.routes;

import io.dcloud.appliance.api.Json;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.function.Supplier;

/** {@code GET /routes}: the routers' current table, read from the supplier at each request. */
public final class RoutesService implements HttpService {

    private final Supplier<List<RouteView>> routes;

    public RoutesService(Supplier<List<RouteView>> routes) {
        this.routes = routes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, routes.get());
    }
}

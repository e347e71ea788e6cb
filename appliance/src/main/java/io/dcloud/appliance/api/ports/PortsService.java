package io.dcloud.appliance.api.ports;

import io.dcloud.appliance.api.Json;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.function.Supplier;

/** {@code GET /ports}: the forwarder's current port mappings. */
public final class PortsService implements HttpService {

    private final Supplier<List<PortMappingView>> mappings;

    public PortsService(Supplier<List<PortMappingView>> mappings) {
        this.mappings = mappings;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, mappings.get());
    }
}

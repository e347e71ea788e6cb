package io.dcloud.appliance.api.host;

import io.dcloud.appliance.api.Json;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.function.Supplier;

/** {@code GET /host}: inventory and capabilities. */
public final class HostService implements HttpService {

    private final Supplier<HostView> host;

    public HostService(Supplier<HostView> host) {
        this.host = host;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::show);
    }

    private void show(ServerRequest req, ServerResponse res) {
        Json.send(res, Status.OK_200, host.get());
    }
}

package io.dcloud.appliance.api.openapi;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi}: the API's OpenAPI 3 document. Written by hand and kept in resources, so it
 * is reviewed like code; a test checks that it names every route the server has.
 */
public final class OpenApiService implements HttpService {

    public static final String RESOURCE = "/io/dcloud/appliance/api/openapi/openapi.yaml";

    private final byte[] document;

    public OpenApiService() {
        this.document = load();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::document);
    }

    private void document(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/yaml; charset=utf-8");
        res.send(document);
    }

    private static byte[] load() {
        try (var in = OpenApiService.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

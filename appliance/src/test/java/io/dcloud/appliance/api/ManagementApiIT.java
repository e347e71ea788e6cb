package io.dcloud.appliance.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcloud.appliance.api.auth.AdminTokens;
import io.dcloud.appliance.api.health.CheckResult;
import io.dcloud.appliance.api.health.ReadinessCheck;
import io.dcloud.appliance.api.host.HostView;
import io.dcloud.appliance.api.offers.OfferView;
import io.dcloud.appliance.api.ports.PortMappingView;
import io.dcloud.appliance.api.rentals.ActionOutcome;
import io.dcloud.appliance.api.rentals.RentalAction;
import io.dcloud.appliance.api.rentals.RentalView;
import io.dcloud.appliance.api.routes.RouteView;
import io.dcloud.appliance.api.tenant.TenantRequests;
import io.dcloud.appliance.api.tls.SelfSignedIdentity;
import io.dcloud.appliance.metrics.MetricsRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.yaml.snakeyaml.Yaml;

/** The API over real HTTPS on an ephemeral loopback port, with fake resources behind it. */
class ManagementApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Credentials TENANT =
            Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    private static final List<RentalView> RENTALS = List.of(
            new RentalView(
                    "42",
                    "web1",
                    "standard",
                    "active",
                    TENANT.getAddress(),
                    "web1.provider.example",
                    20000,
                    "2026-11-26T00:00:00Z"),
            new RentalView(
                    "43", "db", "standard", "stopped", "0xdef", "db.provider.example", 20010, "2026-11-27T00:00:00Z"));
    private static final List<String> ACTIONS = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    static Path dir;

    private static ManagementApi api;
    private static HttpClient client;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        var tokensFile = dir.resolve("admin-tokens");
        token = AdminTokens.create(tokensFile, "test", new SecureRandom());
        var identity = SelfSignedIdentity.loadOrCreate(
                dir.resolve("api-tls"), Set.of("localhost", "127.0.0.1"), Clock.systemUTC());
        var settings = new ApiSettings("127.0.0.1", 0, identity, AdminTokens.open(tokensFile), List.of());
        var resources = new ApiResources(
                () -> new HostView("acme", "provider.example", "203.0.113.10", 8, 16384, List.of("standard")),
                () -> List.of(new OfferView("7", "standard", 2, 2048, 20, "0.05", 3)),
                () -> RENTALS,
                (id, action, reason) -> {
                    ACTIONS.add(id + " " + action.id() + " " + reason);
                    return id.equals("43") && action == RentalAction.STOP
                            ? ActionOutcome.refused("rental 43 is already stopped")
                            : ActionOutcome.accepted("queued");
                },
                () -> List.of(new RouteView("web1.provider.example", "tls", "42", "10.77.0.12:443")),
                () -> List.of(new PortMappingView(20000, "tcp", "42", "10.77.0.12:22")),
                List.of(
                        new ReadinessCheck("libvirt", () -> CheckResult.up("connected")),
                        new ReadinessCheck("ledger", () -> CheckResult.down("rpc unreachable"))));
        api = ManagementApi.start(settings, resources, new MetricsRegistry());

        var trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("api", identity.certificate());
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        var ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        client = HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        var live = send(get("/health/live"));
        assertEquals(200, live.statusCode());
        assertEquals("UP", json(live).get("status").asText());

        var ready = send(get("/health/ready"));
        assertEquals(503, ready.statusCode());
        var report = json(ready);
        assertEquals("DOWN", report.get("status").asText());
        assertEquals("libvirt", report.get("checks").get(0).get("name").asText());
        assertEquals("UP", report.get("checks").get(0).get("status").asText());
        assertEquals(
                "rpc unreachable", report.get("checks").get(1).get("detail").asText());
    }

    @Test
    void everythingElseNeedsAValidToken() throws Exception {
        for (var path : List.of("/rentals", "/host", "/metrics", "/openapi", "/no/such/thing")) {
            var none = send(get(path));
            assertProblem(none, 401, "urn:dcloud:problem:unauthorized");
            assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElseThrow());

            var wrong = send(get(path).header("Authorization", "Bearer " + AdminTokens.TOKEN_PREFIX + "wrong"));
            assertProblem(wrong, 401, "urn:dcloud:problem:unauthorized");
            assertTrue(
                    wrong.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
        }
        assertProblem(send(get("/rentals").header("Authorization", token)), 401, "urn:dcloud:problem:unauthorized");
        assertProblem(
                send(HttpRequest.newBuilder(uri("/rentals/42/reboot")).POST(HttpRequest.BodyPublishers.noBody())),
                401,
                "urn:dcloud:problem:unauthorized");
    }

    @Test
    void resourcesAnswerWithAGoodToken() throws Exception {
        var rentals = send(authed(get("/rentals")));
        assertEquals(200, rentals.statusCode());
        assertEquals(
                "application/json", rentals.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(2, json(rentals).size());

        var rental = json(send(authed(get("/rentals/42"))));
        assertEquals("web1.provider.example", rental.get("hostname").asText());
        assertEquals(20000, rental.get("sshPort").asInt());

        assertEquals("acme", json(send(authed(get("/host")))).get("provider").asText());
        assertEquals(
                "0.05",
                json(send(authed(get("/offers")))).get(0).get("pricePerHour").asText());
        assertEquals(
                "10.77.0.12:443",
                json(send(authed(get("/routes")))).get(0).get("target").asText());
        assertEquals(
                20000, json(send(authed(get("/ports")))).get(0).get("hostPort").asInt());
        // a scheme name in any case, as RFC 9110 allows
        assertEquals(
                200,
                send(get("/rentals").header("Authorization", "bearer " + token)).statusCode());
    }

    @Test
    void unknownRentalAndEndpointAreNotFoundProblems() throws Exception {
        var rental = send(authed(get("/rentals/999")));
        assertProblem(rental, 404, "urn:dcloud:problem:not-found");
        assertEquals("no rental with id 999", json(rental).get("detail").asText());
        assertProblem(send(authed(post("/rentals/999/reboot", "{}"))), 404, "urn:dcloud:problem:not-found");
        assertProblem(send(authed(get("/no/such/thing"))), 404, "urn:dcloud:problem:not-found");
        assertProblem(send(authed(post("/rentals/42/explode", "{}"))), 404, "urn:dcloud:problem:not-found");
    }

    @Test
    void badRequestsAreBadRequestProblems() throws Exception {
        var badId = send(authed(get("/rentals/Not_An_Id")));
        assertProblem(badId, 400, "urn:dcloud:problem:bad-request");
        assertTrue(json(badId).get("detail").asText().contains("rental id"));

        var malformed = send(authed(post("/rentals/42/reboot", "{\"reason\": ")));
        assertProblem(malformed, 400, "urn:dcloud:problem:bad-request");
        assertTrue(json(malformed).get("detail").asText().contains("not valid JSON"), malformed.body());

        var unknownField = send(authed(post("/rentals/42/reboot", "{\"reasn\": \"typo\"}")));
        assertProblem(unknownField, 400, "urn:dcloud:problem:bad-request");
        assertTrue(json(unknownField).get("detail").asText().contains("'reasn'"), unknownField.body());

        var wrongType = send(authed(post("/rentals/42/reboot", "[1, 2]")));
        assertProblem(wrongType, 400, "urn:dcloud:problem:bad-request");

        var noReason = send(authed(post("/rentals/42/force-end", "{}")));
        assertProblem(noReason, 400, "urn:dcloud:problem:bad-request");
        assertTrue(json(noReason).get("errors").get(0).asText().startsWith("reason: is required"), noReason.body());

        var text = send(authed(HttpRequest.newBuilder(uri("/rentals/42/reboot"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("please"))));
        assertProblem(text, 415, "urn:dcloud:problem:unsupported-media-type");

        var huge = send(authed(post("/rentals/42/reboot", "{\"reason\": \"" + "x".repeat(20_000) + "\"}")));
        assertProblem(huge, 413, "urn:dcloud:problem:http-413");
    }

    @Test
    void actionsAreDelegatedAcceptedOrRefused() throws Exception {
        var reboot = send(
                authed(HttpRequest.newBuilder(uri("/rentals/42/reboot")).POST(HttpRequest.BodyPublishers.noBody())));
        assertEquals(202, reboot.statusCode(), reboot.body());
        assertEquals("reboot", json(reboot).get("action").asText());

        var end = send(authed(post("/rentals/42/force-end", "{\"reason\": \"abuse report 7\"}")));
        assertEquals(202, end.statusCode(), end.body());
        assertTrue(ACTIONS.contains("42 reboot "), ACTIONS.toString());
        assertTrue(ACTIONS.contains("42 force-end abuse report 7"), ACTIONS.toString());

        var refused = send(authed(post("/rentals/43/stop", "{\"reason\": \"maintenance\"}")));
        assertProblem(refused, 409, "urn:dcloud:problem:conflict");
        assertEquals("rental 43 is already stopped", json(refused).get("detail").asText());
    }

    @Test
    void metricsAreValidPrometheusText() throws Exception {
        send(get("/rentals")); // one refused request, counted
        var metrics = send(authed(get("/metrics")));
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        var sample = Pattern.compile(
                "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");
        var typed = new TreeSet<String>();
        for (var line : metrics.body().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                var parts = line.split(" ");
                assertTrue(Set.of("counter", "gauge").contains(parts[3]), line);
                typed.add(parts[2]);
            } else if (!line.startsWith("# HELP ")) {
                assertTrue(sample.matcher(line).matches(), "not a sample line: " + line);
                assertTrue(typed.contains(line.split("[{ ]")[0]), "sample before its TYPE: " + line);
            }
        }
        assertTrue(metrics.body().contains("dcloud_api_responses_total{code=\"401\"} "), metrics.body());
        assertTrue(typed.contains("dcloud_api_auth_failures_total"), typed.toString());
    }

    @Test
    void openApiDocumentsEveryRoute() throws Exception {
        var doc = send(authed(get("/openapi")));
        assertEquals(200, doc.statusCode());
        Map<String, Object> openapi = new Yaml().load(doc.body());
        assertTrue(openapi.get("openapi").toString().startsWith("3."));
        @SuppressWarnings("unchecked")
        var paths = ((Map<String, Object>) openapi.get("paths")).keySet();
        assertEquals(
                Set.of(
                        "/health/live",
                        "/health/ready",
                        "/metrics",
                        "/openapi",
                        "/host",
                        "/offers",
                        "/rentals",
                        "/rentals/{id}",
                        "/rentals/{id}/stop",
                        "/rentals/{id}/start",
                        "/rentals/{id}/reboot",
                        "/rentals/{id}/force-end",
                        "/routes",
                        "/ports",
                        "/tenant/rentals/{id}",
                        "/tenant/rentals/{id}/reboot",
                        "/tenant/rentals/{id}/domains/{domain}"),
                paths);
    }

    @Test
    void curlTrustingTheGeneratedCertificate() throws Exception {
        var curl = new ProcessBuilder(
                        "curl",
                        "-sS",
                        "--max-time",
                        "10",
                        "--cacert",
                        dir.resolve("api-tls/cert.pem").toString(),
                        "-H",
                        "Authorization: Bearer " + token,
                        "-w",
                        "\n%{http_code}",
                        "https://localhost:" + api.port() + "/host")
                .redirectErrorStream(true)
                .start();
        assertTrue(curl.waitFor(20, TimeUnit.SECONDS), "curl did not finish");
        var output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, curl.exitValue(), output);
        assertTrue(output.endsWith("\n200"), output);
        assertEquals(
                "provider.example",
                JSON.readTree(output.substring(0, output.lastIndexOf('\n')))
                        .get("domain")
                        .asText());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElseThrow());
        var problem = json(response);
        assertEquals(type, problem.get("type").asText());
        assertEquals(status, problem.get("status").asInt());
        assertTrue(!problem.get("title").asText().isBlank());
        assertTrue(!problem.get("detail").asText().isBlank());
    }

    private static URI uri(String path) {
        return URI.create("https://127.0.0.1:" + api.port() + path);
    }

    @Test
    void aTenantReachesItsRentalBySignatureWithoutAnAdminToken() throws Exception {
        String path = "/tenant/rentals/42";
        var signed = TenantRequests.sign(get(path), "GET", path, TENANT, Instant.now(), Duration.ofMinutes(1));
        var response = send(signed);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("web1.provider.example", json(response).get("hostname").asText());
        assertEquals(401, send(get(path)).statusCode(), "unsigned tenant requests are refused");
        assertEquals(401, send(get("/tenant/../rentals/42")).statusCode(), "no way round the admin filter");
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private static HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpRequest.Builder authed(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}

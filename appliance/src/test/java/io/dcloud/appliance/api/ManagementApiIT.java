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
import io.dcloud.appliance.api.rentals.NewRental;
import io.dcloud.appliance.api.rentals.RentalAction;
import io.dcloud.appliance.api.rentals.RentalCreation;
import io.dcloud.appliance.api.rentals.RentalSize;
import io.dcloud.appliance.api.rentals.RentalView;
import io.dcloud.appliance.api.routes.RouteView;
import io.dcloud.appliance.api.tenant.TenantRequests;
import io.dcloud.appliance.api.tls.SelfSignedIdentity;
import io.dcloud.appliance.local.TestKeys;
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
import java.util.Optional;
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
                    "2026-11-26T00:00:00Z",
                    false,
                    null),
            new RentalView(
                    "43",
                    "db",
                    "standard",
                    "stopped",
                    "0xdef",
                    "db.provider.example",
                    20010,
                    "2026-11-27T00:00:00Z",
                    false,
                    null));
    private static final List<NewRental> CREATED = Collections.synchronizedList(new ArrayList<>());
    private static final List<String> ACTIONS = Collections.synchronizedList(new ArrayList<>());
    private static final List<String> EVIDENCE_REQUESTS = Collections.synchronizedList(new ArrayList<>());
    private static final byte[] EVIDENCE =
            "{\"format\":\"dcloud-evidence-v1\",\"provider\":\"recorded\",\"outblob\":\"AAEC\"}"
                    .getBytes(StandardCharsets.UTF_8);

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
                new RentalCreation() {
                    @Override
                    public RentalSize offerSize() {
                        return new RentalSize(2, 2048, 20);
                    }

                    @Override
                    public RentalView create(NewRental rental) {
                        if (rental.label().equals("web1")) {
                            throw new ProblemException(
                                    Problem.conflict("the name web1.provider.example is taken by rental 42"));
                        }
                        CREATED.add(rental);
                        return new RentalView(
                                "local-" + CREATED.size(),
                                rental.label(),
                                "standard",
                                "requested",
                                "local-admin",
                                rental.label() + ".provider.example",
                                null,
                                null,
                                true,
                                null);
                    }
                },
                (id, request) -> {
                    if (!id.equals("42")) {
                        throw new ProblemException(Problem.notFound("no rental with id " + id));
                    }
                    EVIDENCE_REQUESTS.add(request.pathAndQuery());
                    return EVIDENCE;
                },
                () -> List.of(new RouteView("web1.provider.example", "tls", "42", "10.77.0.12:443")),
                () -> List.of(new PortMappingView(20000, "tcp", "42", "10.77.0.12:22")),
                List.of(
                        new ReadinessCheck("libvirt", () -> CheckResult.up("connected")),
                        new ReadinessCheck("ledger", () -> CheckResult.down("rpc unreachable"))),
                Optional.empty());
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
    void creatingALocalRentalNeedsAToken() throws Exception {
        var body = "{\"label\": \"web2\", \"sshKey\": \"" + TestKeys.ed25519("a@b") + "\", \"hours\": 2}";
        assertProblem(send(post("/rentals", body)), 401, "urn:dcloud:problem:unauthorized");
        assertTrue(CREATED.stream().noneMatch(r -> r.label().equals("web2")), "nothing created without a token");
    }

    @Test
    void aLocalRentalIsCreatedWithLocationAndView() throws Exception {
        var key = TestKeys.ed25519("admin@laptop");
        var created = send(authed(post(
                "/rentals", "{\"label\": \"scratch\", \"sshKey\": \"" + key + "\", \"hours\": 24, \"vcpus\": 1}")));
        assertEquals(201, created.statusCode(), created.body());
        var view = json(created);
        assertEquals(
                "/rentals/" + view.get("id").asText(),
                created.headers().firstValue("Location").orElseThrow());
        assertTrue(view.get("local").asBoolean());
        assertEquals("requested", view.get("state").asText());
        var asked = CREATED.stream()
                .filter(r -> r.label().equals("scratch"))
                .findFirst()
                .orElseThrow();
        assertEquals(key, asked.sshKey());
        assertEquals(24, asked.hours());
        assertEquals(new RentalSize(1, 2048, 20), asked.size(), "unset sizes default to the offer size");

        var taken = send(authed(post("/rentals", "{\"label\": \"web1\", \"sshKey\": \"" + key + "\", \"hours\": 1}")));
        assertProblem(taken, 409, "urn:dcloud:problem:conflict");
        assertEquals(
                "the name web1.provider.example is taken by rental 42",
                json(taken).get("detail").asText());
    }

    @Test
    void malformedRentalRequestsAreSpecificBadRequests() throws Exception {
        var empty = send(authed(HttpRequest.newBuilder(uri("/rentals")).POST(HttpRequest.BodyPublishers.noBody())));
        assertProblem(empty, 400, "urn:dcloud:problem:bad-request");
        assertTrue(json(empty).get("detail").asText().startsWith("a body is required"), empty.body());

        var broken = send(authed(post("/rentals", "{\"label\": \"x\", ")));
        assertProblem(broken, 400, "urn:dcloud:problem:bad-request");
        assertTrue(json(broken).get("detail").asText().contains("not valid JSON"), broken.body());

        var fraction = send(authed(post("/rentals", "{\"label\": \"x\", \"hours\": 1.5}")));
        assertProblem(fraction, 400, "urn:dcloud:problem:bad-request");
        assertTrue(json(fraction).get("detail").asText().contains("field 'hours'"), fraction.body());

        var unknown = send(authed(post("/rentals", "{\"label\": \"x\", \"gpus\": 1}")));
        assertProblem(unknown, 400, "urn:dcloud:problem:bad-request");
        assertTrue(json(unknown).get("detail").asText().contains("'gpus'"), unknown.body());

        var missing = send(authed(post("/rentals", "{}")));
        assertProblem(missing, 400, "urn:dcloud:problem:bad-request");
        assertEquals(
                List.of("label: is required", "sshKey: is required", "hours: is required"), errorPrefixes(missing, 3));

        var invalid = send(authed(post(
                "/rentals",
                "{\"label\": \"Web_1\", \"sshKey\": \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== x\","
                        + " \"hours\": 8761, \"vcpus\": 3, \"ramMib\": 64, \"diskGib\": 21}")));
        assertProblem(invalid, 400, "urn:dcloud:problem:bad-request");
        var errors = json(invalid).get("errors");
        assertEquals(6, errors.size(), invalid.body());
        assertTrue(errors.get(0).asText().startsWith("label: 'Web_1' is not one lower-case DNS label"), invalid.body());
        assertTrue(errors.get(1).asText().startsWith("sshKey: not a valid ssh-ed25519 public key"), invalid.body());
        assertEquals("hours: 8761 is not in 1..8760", errors.get(2).asText());
        assertEquals(
                "vcpus: 3 is not in 1..2 (at most this host's offer size)",
                errors.get(3).asText());
        assertEquals(
                "ramMib: 64 is not in 128..2048 (at most this host's offer size)",
                errors.get(4).asText());
        assertEquals(
                "diskGib: 21 is not in 1..20 (at most this host's offer size)",
                errors.get(5).asText());
        assertTrue(CREATED.stream()
                .noneMatch(r -> r.label().equals("x") || r.label().equals("Web_1")));
    }

    private static List<String> errorPrefixes(HttpResponse<String> response, int count) throws Exception {
        var errors = json(response).get("errors");
        assertEquals(count, errors.size(), response.body());
        var out = new ArrayList<String>();
        errors.forEach(e -> out.add(e.asText().substring(0, e.asText().indexOf(" is required") + 12)));
        return out;
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
                        "/rentals/{id}/evidence",
                        "/routes",
                        "/ports",
                        "/tenant/rentals/{id}",
                        "/tenant/rentals/{id}/reboot",
                        "/tenant/rentals/{id}/evidence/{nonce}",
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

    @Test
    void evidenceIsRelayedByteForByteToAdminsAndTheSigningTenant() throws Exception {
        var admin = send(authed(get("/rentals/42/evidence?nonce=00ff&binding=raw")));
        assertEquals(200, admin.statusCode(), admin.body());
        assertEquals(new String(EVIDENCE, StandardCharsets.UTF_8), admin.body());
        assertEquals("no-store", admin.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(
                EVIDENCE_REQUESTS.contains("/dcloud/attestation/v1/evidence?nonce=00ff&binding=raw"),
                EVIDENCE_REQUESTS.toString());

        String path = "/tenant/rentals/42/evidence/c0ffee";
        var tenant = send(TenantRequests.sign(get(path), "GET", path, TENANT, Instant.now(), Duration.ofMinutes(1)));
        assertEquals(200, tenant.statusCode(), tenant.body());
        assertEquals(new String(EVIDENCE, StandardCharsets.UTF_8), tenant.body());
        assertTrue(EVIDENCE_REQUESTS.contains("/dcloud/attestation/v1/evidence?nonce=c0ffee&binding=sha512"));
        assertEquals(401, send(get(path)).statusCode(), "unsigned evidence requests are refused");
        assertEquals(401, send(get("/rentals/42/evidence?nonce=00")).statusCode(), "admins need a token");
    }

    @Test
    void badEvidenceRequestsSayWhatIsWrong() throws Exception {
        int before = EVIDENCE_REQUESTS.size();
        var missing = send(authed(get("/rentals/42/evidence")));
        assertEquals(400, missing.statusCode());
        assertTrue(json(missing).get("detail").asText().contains("nonce=HEX is required"), missing.body());
        var notHex = send(authed(get("/rentals/42/evidence?nonce=xyz")));
        assertEquals(400, notHex.statusCode());
        assertTrue(json(notHex).get("detail").asText().contains("nonce"), notHex.body());
        var tooLongRaw = send(authed(get("/rentals/42/evidence?binding=raw&nonce=" + "ab".repeat(65))));
        assertEquals(400, tooLongRaw.statusCode());
        assertTrue(json(tooLongRaw).get("detail").asText().contains("at most 64 bytes"), tooLongRaw.body());
        var badBinding = send(authed(get("/rentals/42/evidence?nonce=00&binding=md5")));
        assertEquals(400, badBinding.statusCode());
        assertTrue(json(badBinding).get("detail").asText().contains("sha512 or raw"), badBinding.body());
        var unknown = send(authed(get("/rentals/999/evidence?nonce=00")));
        assertEquals(404, unknown.statusCode());
        assertEquals(before, EVIDENCE_REQUESTS.size(), "nothing invalid reached the guest");
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

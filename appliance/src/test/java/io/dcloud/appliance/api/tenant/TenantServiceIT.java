package io.dcloud.appliance.api.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcloud.appliance.api.Json;
import io.dcloud.appliance.api.ProblemException;
import io.dcloud.appliance.api.rentals.ActionOutcome;
import io.dcloud.attest.agent.AgentRequest;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/** The tenant endpoints over real HTTP on an ephemeral loopback port, with a fixed clock and fake rentals. */
class TenantServiceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");
    private static final Credentials ALICE =
            Credentials.create("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    private static final Credentials BOB =
            Credentials.create("0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f");
    private static final Map<String, TenantRental> RENTALS = Map.of(
            "42", new TenantRental("42", ALICE.getAddress(), "web1.provider.example", 20000, "active"),
            // stored in checksum case: the tenant check must not depend on it
            "43",
                    new TenantRental(
                            "43",
                            "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",
                            "db.provider.example",
                            20010,
                            "stopped"));
    private static final List<String> REBOOTS = Collections.synchronizedList(new ArrayList<>());
    private static final AtomicInteger NONCES = new AtomicInteger();
    private static final List<String> EVIDENCE = Collections.synchronizedList(new ArrayList<>());

    private static WebServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        var rentals = new TenantRentals() {
            @Override
            public Optional<TenantRental> find(String rentalId) {
                return Optional.ofNullable(RENTALS.get(rentalId));
            }

            @Override
            public ActionOutcome reboot(String rentalId) {
                REBOOTS.add(rentalId);
                return rentalId.equals("43")
                        ? ActionOutcome.refused("rental 43 is stopped")
                        : ActionOutcome.accepted("reboot queued");
            }

            @Override
            public byte[] evidence(String rentalId, AgentRequest request) {
                EVIDENCE.add(rentalId + " " + request.pathAndQuery());
                return "{}".getBytes(StandardCharsets.UTF_8);
            }
        };
        var service = new TenantService(
                new TenantAuthorizer(rentals, Clock.fixed(NOW, ZoneOffset.UTC), new NonceLedger()), rentals);
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .routing(routing -> routing.register("/tenant", service)
                        .error(ProblemException.class, (req, res, e) -> Json.sendProblem(res, e.problem())))
                .build()
                .start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theTenantReadsTheAccessDetailsOncePerSignature() throws Exception {
        var request = signed(ALICE, "GET", "/tenant/rentals/42", NOW.getEpochSecond() + 300);
        var ok = send(request);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("application/json", ok.headers().firstValue("Content-Type").orElseThrow());
        var body = JSON.readTree(ok.body());
        assertEquals("42", body.get("id").asText());
        assertEquals(ALICE.getAddress(), body.get("tenant").asText());
        assertEquals("web1.provider.example", body.get("hostname").asText());
        assertEquals(20000, body.get("sshPort").asInt());
        assertEquals("active", body.get("state").asText());
        assertEquals(5, body.size());

        var replayed = send(request);
        assertProblem(replayed, 401, "urn:dcloud:problem:unauthorized", "already used");
        assertEquals(
                "Dcloud-Signature realm=\"tenant\"",
                replayed.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void checksumCaseInTheLedgerStillMatchesTheSigner() throws Exception {
        var ok = send(signed(ALICE, "GET", "/tenant/rentals/43", NOW.getEpochSecond() + 10));
        assertEquals(200, ok.statusCode(), ok.body());
    }

    @Test
    void anExpiredOrTooDistantExpiryIsRefused() throws Exception {
        assertProblem(
                send(signed(ALICE, "GET", "/tenant/rentals/42", NOW.getEpochSecond())),
                401,
                "urn:dcloud:problem:unauthorized",
                "expired");
        assertProblem(
                send(signed(ALICE, "GET", "/tenant/rentals/42", NOW.getEpochSecond() + 301)),
                401,
                "urn:dcloud:problem:unauthorized",
                "at most 300 seconds ahead");
    }

    @Test
    void anotherAddressIsForbidden() throws Exception {
        assertProblem(
                send(signed(BOB, "GET", "/tenant/rentals/42", NOW.getEpochSecond() + 60)),
                403,
                "urn:dcloud:problem:forbidden",
                "is not the tenant of rental 42");
    }

    @Test
    void badOrMissingSignaturesAreRefused() throws Exception {
        var request = signed(ALICE, "GET", "/tenant/rentals/42", NOW.getEpochSecond() + 60);
        assertProblem(
                send(request.setHeader("X-Dcloud-Signature", "0xnot-a-signature")),
                400,
                "urn:dcloud:problem:bad-request",
                "X-Dcloud-Signature");

        var bobsSignature = signed(BOB, "GET", "/tenant/rentals/42", NOW.getEpochSecond() + 60)
                .build()
                .headers()
                .firstValue("X-Dcloud-Signature")
                .orElseThrow();
        assertProblem(
                send(request.setHeader("X-Dcloud-Signature", bobsSignature)),
                401,
                "urn:dcloud:problem:unauthorized",
                "signature");

        var unsigned = send(HttpRequest.newBuilder(uri("/tenant/rentals/42")));
        assertProblem(unsigned, 401, "urn:dcloud:problem:unauthorized", "X-Dcloud-Signature");
        assertTrue(unsigned.headers().firstValue("WWW-Authenticate").isPresent());

        // a signature for reading does not reboot
        var forGet = signed(ALICE, "GET", "/tenant/rentals/42/reboot", NOW.getEpochSecond() + 60);
        assertProblem(
                send(forGet.POST(HttpRequest.BodyPublishers.noBody())),
                401,
                "urn:dcloud:problem:unauthorized",
                "signature");
    }

    @Test
    void unknownAndMalformedRentalIds() throws Exception {
        assertProblem(
                send(signed(ALICE, "GET", "/tenant/rentals/99", NOW.getEpochSecond() + 60)),
                404,
                "urn:dcloud:problem:not-found",
                "no rental with id 99");
        assertProblem(
                send(signed(ALICE, "GET", "/tenant/rentals/web1", NOW.getEpochSecond() + 60)),
                400,
                "urn:dcloud:problem:bad-request",
                "decimal number");
    }

    /** Routing normalizes dot segments; a signature must cover the path the routing saw. */
    @Test
    void onlyCanonicalPathsAreSigned() throws Exception {
        assertProblem(
                send(signed(ALICE, "GET", "/tenant/rentals/99/../42", NOW.getEpochSecond() + 60)),
                400,
                "urn:dcloud:problem:bad-request",
                "without '.' or '..' segments");
    }

    @Test
    void theTenantRebootsTheirVm() throws Exception {
        var accepted = send(signed(ALICE, "POST", "/tenant/rentals/42/reboot", NOW.getEpochSecond() + 60));
        assertEquals(202, accepted.statusCode(), accepted.body());
        var body = JSON.readTree(accepted.body());
        assertEquals("42", body.get("rental").asText());
        assertEquals("reboot", body.get("action").asText());
        assertEquals("reboot queued", body.get("detail").asText());
        assertTrue(REBOOTS.contains("42"), REBOOTS.toString());

        assertProblem(
                send(signed(ALICE, "POST", "/tenant/rentals/43/reboot", NOW.getEpochSecond() + 60)),
                409,
                "urn:dcloud:problem:conflict",
                "rental 43 is stopped");
    }

    @Test
    void nobodyElseRebootsTheVm() throws Exception {
        int before = REBOOTS.size();
        assertProblem(
                send(signed(BOB, "POST", "/tenant/rentals/42/reboot", NOW.getEpochSecond() + 60)),
                403,
                "urn:dcloud:problem:forbidden",
                "is not the tenant");
        assertEquals(before, REBOOTS.size());
    }

    @Test
    void theTenantsEvidenceRequestReachesItsGuestOnly() throws Exception {
        var ok = send(signed(ALICE, "GET", "/tenant/rentals/42/evidence/0102", NOW.getEpochSecond() + 60));
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("application/json", ok.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(
                EVIDENCE.contains("42 /dcloud/attestation/v1/evidence?nonce=0102&binding=sha512"), EVIDENCE.toString());

        // the binding travels unsigned in the query: changing it can only make the tenant's own check fail
        String path = "/tenant/rentals/42/evidence/0a0b";
        var raw = TenantRequests.sign(
                        HttpRequest.newBuilder(URI.create(uri(path) + "?binding=raw")),
                        "GET",
                        path,
                        ALICE,
                        "it-evidence-raw-binding",
                        NOW.getEpochSecond() + 60)
                .GET();
        var rawAnswer = send(raw);
        assertEquals(200, rawAnswer.statusCode(), rawAnswer.body());
        assertTrue(EVIDENCE.contains("42 /dcloud/attestation/v1/evidence?nonce=0a0b&binding=raw"), EVIDENCE.toString());

        int before = EVIDENCE.size();
        assertProblem(
                send(signed(BOB, "GET", "/tenant/rentals/42/evidence/0102", NOW.getEpochSecond() + 60)),
                403,
                "urn:dcloud:problem:forbidden",
                "is not the tenant");
        assertProblem(
                send(signed(ALICE, "GET", "/tenant/rentals/42/evidence/not-hex", NOW.getEpochSecond() + 60)),
                400,
                "urn:dcloud:problem:bad-request",
                "nonce");
        assertEquals(before, EVIDENCE.size(), "refused requests never reach the guest");
    }

    /** A request to {@code path} signed by {@code key}, each with a fresh nonce. */
    private static HttpRequest.Builder signed(Credentials key, String method, String path, long expires) {
        var nonce = String.format("it-nonce-%08d", NONCES.incrementAndGet());
        var builder = TenantRequests.sign(HttpRequest.newBuilder(uri(path)), method, path, key, nonce, expires);
        return method.equals("POST") ? builder.POST(HttpRequest.BodyPublishers.noBody()) : builder.GET();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String detailPart)
            throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(type, problem.get("type").asText());
        assertEquals(status, problem.get("status").asInt());
        assertTrue(
                problem.get("detail").asText().contains(detailPart),
                problem.get("detail").asText());
    }
}

package io.dcloud.appliance.api.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcloud.appliance.api.Json;
import io.dcloud.appliance.api.ProblemException;
import io.dcloud.appliance.api.rentals.ActionOutcome;
import io.dcloud.appliance.dataplane.DataPlane;
import io.dcloud.appliance.dataplane.DataPlaneTables;
import io.dcloud.appliance.domains.CustomDomains;
import io.dcloud.appliance.domains.DomainChallenge;
import io.dcloud.appliance.domains.DomainName;
import io.dcloud.appliance.domains.DomainPolicy;
import io.dcloud.appliance.domains.TxtResolver;
import io.dcloud.attest.agent.AgentRequest;
import io.dcloud.cli.CliRun;
import io.dcloud.forward.ForwarderConfig;
import io.dcloud.forward.PortForwarder;
import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.relay.HostPort;
import io.dcloud.sni.RouterConfig;
import io.dcloud.sni.SniRouter;
import io.dcloud.vm.lifecycle.Vm;
import io.dcloud.vm.lifecycle.VmManager;
import io.dcloud.vm.network.DcloudNetwork;
import io.dcloud.vm.network.NatNetwork;
import io.dcloud.vm.spec.CloudInit;
import io.dcloud.vm.spec.DcloudMetadata;
import io.dcloud.vm.spec.NetworkAttachment;
import io.dcloud.vm.spec.VmKind;
import io.dcloud.vm.spec.VmSpec;
import io.dcloud.vm.storage.VmStorage;
import io.dcloud.vm.xml.DomainFiles;
import io.dcloud.vm.xml.DomainOptions;
import io.dcloud.vm.xml.DomainXml;
import io.helidon.webserver.WebServer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.web3j.crypto.Credentials;

/**
 * The custom-domain endpoints over real HTTP on loopback, with real parts behind them: VMs on libvirt's test driver
 * (their metadata is where attached domains live), the SNI router's route table, and pebble-challtestsrv as the
 * DNS server that holds (or lacks) the tenant's TXT record.
 */
class TenantDomainsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVIDER = "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private static final Credentials ALICE =
            Credentials.create("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    private static final Credentials BOB =
            Credentials.create("0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f");
    /** The CLI signs with a development account (the only key source it reads without a file or variable). */
    private static final Credentials CAROL = Credentials.create(AnvilNode.DEV_KEYS.get(0));

    private static final String ALICE_VM = "domains-it-7001";
    private static final String CAROL_VM = "domains-it-7003";
    private static final String BOB_VM = "domains-it-7002";
    private static final String ALICE_IP = "10.77.0.71";
    private static final String KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ3rX0cVJx0sZ8m0j1g7yJ6bC2b4Qk1nT3wXo9v8dE5f tenant@example";
    private static final AtomicInteger NONCES = new AtomicInteger();

    /** JUnit's, so it goes with the test, challtestsrv's log in it */
    @TempDir
    static Path dir;

    private static ChallTestDns dns;
    private static Connect libvirt;
    private static VmManager vms;
    private static DataPlane dataPlane;
    private static WebServer server;
    private static WebServer deadDnsServer;
    private static DatagramSocket silentDns;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        dns = ChallTestDns.start(dir);
        libvirt = new Connect("test:///default");
        vms = new VmManager(
                libvirt, new VmStorage(libvirt, "domains-it", dir), new DcloudNetwork(libvirt, NatNetwork.defaults()));
        new DcloudNetwork(libvirt, NatNetwork.defaults()).ensure();
        defineRunning(ALICE_VM, "7001", ALICE.getAddress(), ALICE_IP, "52:54:00:00:70:01", "shop");
        defineRunning(BOB_VM, "7002", BOB.getAddress(), "10.77.0.72", "52:54:00:00:70:02", "db");
        defineRunning(CAROL_VM, "7003", CAROL.getAddress(), "10.77.0.73", "52:54:00:00:70:03", "blog");
        dataPlane = new DataPlane(
                SniRouter.start(RouterConfig.of(new HostPort("127.0.0.1", 0), new HostPort("127.0.0.1", 0))),
                PortForwarder.start(ForwarderConfig.defaults()),
                "127.0.0.1");
        dataPlane.apply(vms.list());
        var policy = new DomainPolicy("provider.example", List.of("manage.other.example"));
        server = serve(new CustomDomains(
                vms, dataPlane, TxtResolver.at(dns.dnsAddress(), Duration.ofSeconds(3)), policy, PROVIDER));
        // a DNS server that takes queries and never answers (a hung one, or packets lost on the way): a closed port
        // instead is refused or times out depending on when the ICMP error arrives, see TxtResolverTest
        silentDns = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        var silent = new InetSocketAddress(InetAddress.getLoopbackAddress(), silentDns.getLocalPort());
        deadDnsServer = serve(
                new CustomDomains(vms, dataPlane, TxtResolver.at(silent, Duration.ofSeconds(2)), policy, PROVIDER));
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        for (var web : new WebServer[] {server, deadDnsServer}) {
            if (web != null) {
                web.stop();
            }
        }
        if (silentDns != null) {
            silentDns.close();
        }
        if (dataPlane != null) {
            dataPlane.close();
        }
        if (vms != null) {
            vms.destroy(ALICE_VM);
            vms.destroy(BOB_VM);
            vms.destroy(CAROL_VM);
            libvirt.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    @BeforeEach
    void noDomainsAttached() throws Exception {
        vms.replaceRoutes(ALICE_VM, List.of("shop.provider.example"));
        vms.replaceRoutes(BOB_VM, List.of("db.provider.example"));
        dataPlane.apply(vms.list());
        dns.clearTxt("_dcloud-challenge.app.example.com");
    }

    @Test
    void showNamesTheRecordToCreate() throws Exception {
        var response = send(server, ALICE, "GET", "/tenant/rentals/7001/domains/App.Example.com");
        assertEquals(200, response.statusCode(), response.body());
        var body = JSON.readTree(response.body());
        var expected = challenge("7001", ALICE, "app.example.com");
        assertEquals("app.example.com", body.get("domain").asText());
        assertEquals("app.example.com", body.get("unicode").asText());
        assertEquals("7001", body.get("rental").asText());
        assertFalse(body.get("attached").asBoolean());
        assertEquals(
                "_dcloud-challenge.app.example.com", body.at("/record/name").asText());
        assertEquals("TXT", body.at("/record/type").asText());
        assertEquals(expected.value(), body.at("/record/value").asText());

        var idn = JSON.readTree(send(server, ALICE, "GET", "/tenant/rentals/7001/domains/xn--bcher-kva.example")
                .body());
        assertEquals("bücher.example", idn.get("unicode").asText());
    }

    @Test
    void withoutTheRecordAttachIsRefusedNamingIt() throws Exception {
        var expected = challenge("7001", ALICE, "app.example.com");
        var missing = send(server, ALICE, "PUT", "/tenant/rentals/7001/domains/app.example.com");
        var detail =
                assertProblem(missing, 409, TenantDomainService.PROOF_MISSING, "_dcloud-challenge.app.example.com");
        assertTrue(detail.contains("TXT \"" + expected.value() + "\""), detail);
        assertTrue(detail.contains("found: the name exists but has no TXT record"), detail);
        assertNotRouted("app.example.com");

        dns.addTxt("_dcloud-challenge.app.example.com", "not-the-proof");
        dns.addTxt(
                "_dcloud-challenge.app.example.com",
                challenge("7002", BOB, "app.example.com").value());
        var wrong = send(server, ALICE, "PUT", "/tenant/rentals/7001/domains/app.example.com");
        detail = assertProblem(wrong, 409, TenantDomainService.PROOF_MISSING, expected.value());
        assertTrue(detail.contains("found only other values: "), detail);
        assertTrue(detail.contains("\"not-the-proof\""), detail);
        assertNotRouted("app.example.com");
    }

    @Test
    void withTheRecordTheDomainRoutesToTheVmAndDetachUndoesIt() throws Exception {
        dns.addTxt("_dcloud-challenge.app.example.com", "an unrelated value");
        dns.addTxt(
                "_dcloud-challenge.app.example.com",
                challenge("7001", ALICE, "app.example.com").value());
        var attached = send(server, ALICE, "PUT", "/tenant/rentals/7001/domains/app.example.com");
        assertEquals(200, attached.statusCode(), attached.body());
        assertTrue(JSON.readTree(attached.body()).get("attached").asBoolean());

        assertEquals(List.of("shop.provider.example", "app.example.com"), routesOf(ALICE_VM), "label route first");
        var route = dataPlane.router().routes().lookup("app.example.com");
        assertEquals(new HostPort(ALICE_IP, 443), route.backend());
        assertEquals(new HostPort(ALICE_IP, 80), route.httpBackend());
        assertEquals(
                new HostPort(ALICE_IP, 443),
                dataPlane.router().routes().lookup("shop.provider.example").backend());
        // what a restarted appliance computes: a new connection to libvirt, nothing else
        try (var fresh = new Reconnected()) {
            assertEquals(
                    new HostPort(ALICE_IP, 443),
                    DataPlaneTables.of(fresh.vms.list(), "127.0.0.1")
                            .routes()
                            .lookup("app.example.com")
                            .backend());
        }
        var shown = JSON.readTree(send(server, ALICE, "GET", "/tenant/rentals/7001/domains/app.example.com")
                .body());
        assertTrue(shown.get("attached").asBoolean());

        dns.clearTxt("_dcloud-challenge.app.example.com");
        var again = send(server, ALICE, "PUT", "/tenant/rentals/7001/domains/app.example.com");
        assertEquals(200, again.statusCode(), "attaching an attached domain changes nothing: " + again.body());
        assertEquals(List.of("shop.provider.example", "app.example.com"), routesOf(ALICE_VM));

        var detached = send(server, ALICE, "DELETE", "/tenant/rentals/7001/domains/app.example.com");
        assertEquals(200, detached.statusCode(), detached.body());
        assertFalse(JSON.readTree(detached.body()).get("attached").asBoolean());
        assertEquals(List.of("shop.provider.example"), routesOf(ALICE_VM));
        assertNotRouted("app.example.com");
        assertEquals(
                new HostPort(ALICE_IP, 443),
                dataPlane.router().routes().lookup("shop.provider.example").backend(),
                "the label route stays");
        var twice = send(server, ALICE, "DELETE", "/tenant/rentals/7001/domains/app.example.com");
        assertEquals(200, twice.statusCode(), twice.body());
    }

    @Test
    void aDomainOfAnotherRentalIsTaken() throws Exception {
        dns.addTxt(
                "_dcloud-challenge.app.example.com",
                challenge("7001", ALICE, "app.example.com").value());
        assertEquals(
                200,
                send(server, ALICE, "PUT", "/tenant/rentals/7001/domains/app.example.com")
                        .statusCode());
        dns.addTxt(
                "_dcloud-challenge.app.example.com",
                challenge("7002", BOB, "app.example.com").value());
        assertProblem(
                send(server, BOB, "PUT", "/tenant/rentals/7002/domains/app.example.com"),
                409,
                "urn:dcloud:problem:conflict",
                "app.example.com is attached to another rental");
        assertEquals(List.of("db.provider.example"), routesOf(BOB_VM));
        assertEquals(
                new HostPort(ALICE_IP, 443),
                dataPlane.router().routes().lookup("app.example.com").backend());
    }

    @Test
    void aRentalHasAtMostTenDomains() throws Exception {
        for (int i = 1; i <= DomainPolicy.MAX_PER_RENTAL + 1; i++) {
            var name = "d" + i + ".example.net";
            dns.addTxt("_dcloud-challenge." + name, challenge("7002", BOB, name).value());
        }
        for (int i = 1; i <= DomainPolicy.MAX_PER_RENTAL; i++) {
            var response = send(server, BOB, "PUT", "/tenant/rentals/7002/domains/d" + i + ".example.net");
            assertEquals(200, response.statusCode(), response.body());
        }
        assertProblem(
                send(server, BOB, "PUT", "/tenant/rentals/7002/domains/d11.example.net"),
                409,
                "urn:dcloud:problem:conflict",
                "the most a rental may have (10)");
        assertEquals(DomainPolicy.MAX_PER_RENTAL + 1, routesOf(BOB_VM).size(), "the label route and ten domains");
    }

    @Test
    void namesThatCannotBeAttachedSayWhy() throws Exception {
        assertProblem(
                send(server, ALICE, "PUT", "/tenant/rentals/7001/domains/localhost"),
                400,
                "urn:dcloud:problem:bad-request",
                "has one label");
        assertProblem(
                send(server, ALICE, "PUT", "/tenant/rentals/7001/domains/*.example.com"),
                400,
                "urn:dcloud:problem:bad-request",
                "is a wildcard");
        assertProblem(
                send(server, ALICE, "PUT", "/tenant/rentals/7001/domains/db.provider.example"),
                400,
                "urn:dcloud:problem:bad-request",
                "in the provider's domain provider.example");
        assertProblem(
                send(server, ALICE, "GET", "/tenant/rentals/7001/domains/manage.other.example"),
                400,
                "urn:dcloud:problem:bad-request",
                "this appliance's own name");
        assertProblem(
                send(server, ALICE, "DELETE", "/tenant/rentals/7001/domains/shop.provider.example"),
                400,
                "urn:dcloud:problem:bad-request",
                "names there come from the rental's label");
        assertProblem(
                send(server, ALICE, "GET", "/tenant/rentals/7001/domains/" + "a".repeat(64) + ".example"),
                400,
                "urn:dcloud:problem:bad-request",
                "must be 1 to 63 characters");
        assertEquals(List.of("shop.provider.example"), routesOf(ALICE_VM));
    }

    @Test
    void onlyTheRentalsTenantTouchesItsDomains() throws Exception {
        dns.addTxt(
                "_dcloud-challenge.app.example.com",
                challenge("7001", BOB, "app.example.com").value());
        for (var method : List.of("GET", "PUT", "DELETE")) {
            assertProblem(
                    send(server, BOB, method, "/tenant/rentals/7001/domains/app.example.com"),
                    403,
                    "urn:dcloud:problem:forbidden",
                    "is not the tenant of rental 7001");
        }
        assertEquals(List.of("shop.provider.example"), routesOf(ALICE_VM));

        // the domain is signed: a signature for one name does not attach another
        var request = signed(ALICE, "PUT", "/tenant/rentals/7001/domains/app.example.com")
                .uri(uri(server, "/tenant/rentals/7001/domains/evil.example.com"));
        assertProblem(send(request), 401, "urn:dcloud:problem:unauthorized", "signature");
    }

    @Test
    void whenDnsCannotBeAskedTheTenantIsToldToRetry() throws Exception {
        dns.addTxt(
                "_dcloud-challenge.app.example.com",
                challenge("7001", ALICE, "app.example.com").value());
        // no answer: the timeout (2 s here) ends the wait, and the tenant is told to retry, not to fix its record
        var response = send(deadDnsServer, ALICE, "PUT", "/tenant/rentals/7001/domains/app.example.com");
        var detail = assertProblem(
                response,
                504,
                "urn:dcloud:problem:gateway-timeout",
                "cannot check the proof _dcloud-challenge.app.example.com now");
        assertTrue(detail.contains("did not answer in time"), detail);
        assertTrue(detail.contains("try again later"), detail);
        assertEquals(List.of("shop.provider.example"), routesOf(ALICE_VM));
    }

    @Test
    void theCliShowsAttachesAndDetaches() throws Exception {
        var api = "http://127.0.0.1:" + server.port();
        var expected = challenge("7003", CAROL, "xn--bcher-kva.example");

        var shown =
                CliRun.run("tenant", "domain", "show", "7003", "bücher.example", "--api", api, "--dev-account", "0");
        assertEquals(0, shown.exitCode(), shown.err());
        assertEquals(
                expected.value(), JSON.readTree(shown.out()).at("/record/value").asText());

        var missing =
                CliRun.run("tenant", "domain", "attach", "7003", "bücher.example", "--api", api, "--dev-account", "0");
        assertEquals(1, missing.exitCode(), missing.out());
        assertTrue(
                missing.err()
                        .contains(
                                "Create this DNS record, then attach again:\n  _dcloud-challenge.xn--bcher-kva.example."
                                        + " TXT \"" + expected.value() + "\""),
                missing.err());
        assertEquals(List.of("blog.provider.example"), routesOf(CAROL_VM));

        dns.addTxt(expected.name(), expected.value());
        var attached =
                CliRun.run("tenant", "domain", "attach", "7003", "bücher.example", "--api", api, "--dev-account", "0");
        assertEquals(0, attached.exitCode(), attached.err());
        assertTrue(JSON.readTree(attached.out()).get("attached").asBoolean(), attached.out());
        assertEquals(List.of("blog.provider.example", "xn--bcher-kva.example"), routesOf(CAROL_VM));

        var detached = CliRun.run(
                "tenant", "domain", "detach", "7003", "xn--bcher-kva.example", "--api", api, "--dev-account", "0");
        assertEquals(0, detached.exitCode(), detached.err());
        assertEquals(List.of("blog.provider.example"), routesOf(CAROL_VM));

        var invalid =
                CliRun.run("tenant", "domain", "show", "7003", "*.example.com", "--api", api, "--dev-account", "0");
        assertEquals(1, invalid.exitCode());
        assertTrue(invalid.err().contains("is a wildcard"), invalid.err());
    }

    private static DomainChallenge challenge(String rental, Credentials tenant, String domain) {
        return DomainChallenge.of(PROVIDER, rental, tenant.getAddress(), new DomainName(domain));
    }

    private static List<String> routesOf(String vm) throws Exception {
        return vms.get(vm).orElseThrow().metadata().routes();
    }

    private static void assertNotRouted(String name) throws Exception {
        assertNull(dataPlane.router().routes().lookup(name));
        assertTrue(vms.list().stream().noneMatch(vm -> vm.metadata().routes().contains(name)));
    }

    /** A running VM of {@code rental} with its label route, defined straight from its domain XML. */
    private static void defineRunning(String name, String rental, String tenant, String ip, String mac, String label)
            throws Exception {
        var spec = new VmSpec(
                name,
                VmKind.STANDARD,
                1,
                512,
                1,
                dir.resolve("base.qcow2"),
                new CloudInit(label, List.of("dcloud"), List.of(KEY), ""),
                new NetworkAttachment(NatNetwork.defaults().name(), mac, ip),
                List.of(),
                new DcloudMetadata(rental, tenant, Optional.empty(), List.of(label + ".provider.example")),
                false,
                List.of(),
                Optional.empty());
        libvirt.domainDefineXML(DomainXml.render(spec, DomainOptions.tcg(), DomainFiles.in(dir, name)))
                .create();
    }

    /** The tenant endpoints in front of {@code domains}; rentals are what libvirt's metadata says. */
    private static WebServer serve(CustomDomains domains) {
        TenantRentals rentals = new TenantRentals() {
            @Override
            public Optional<TenantRental> find(String rentalId) {
                try {
                    return vms.list().stream()
                            .filter(vm -> vm.metadata().rentalId().equals(rentalId))
                            .findFirst()
                            .map(TenantDomainsIT::rental);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public ActionOutcome reboot(String rentalId) {
                return ActionOutcome.refused("not in this test");
            }

            @Override
            public byte[] evidence(String rentalId, AgentRequest request) {
                throw new IllegalStateException("not in this test");
            }
        };
        var authorizer = new TenantAuthorizer(rentals, Clock.systemUTC(), new NonceLedger());
        return WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .routing(routing -> routing.register(
                                "/tenant",
                                new TenantService(authorizer, rentals),
                                new TenantDomainService(authorizer, domains))
                        .error(ProblemException.class, (req, res, e) -> Json.sendProblem(res, e.problem())))
                .build()
                .start();
    }

    private static TenantRental rental(Vm vm) {
        return new TenantRental(
                vm.metadata().rentalId(),
                vm.metadata().tenant(),
                vm.metadata().routes().getFirst(),
                null,
                "active");
    }

    private static HttpRequest.Builder signed(Credentials key, String method, String path) {
        var nonce = String.format("domains-it-%08d", NONCES.incrementAndGet());
        var expires = Instant.now().getEpochSecond() + 60;
        return TenantRequests.sign(HttpRequest.newBuilder(), method, path, key, nonce, expires)
                .method(method, HttpRequest.BodyPublishers.noBody());
    }

    private static HttpResponse<String> send(WebServer target, Credentials key, String method, String path)
            throws Exception {
        return send(signed(key, method, path).uri(uri(target, path)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(WebServer target, String path) {
        return URI.create("http://127.0.0.1:" + target.port() + path);
    }

    private static String assertProblem(HttpResponse<String> response, int status, String type, String detailPart)
            throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(type, problem.get("type").asText());
        var detail = problem.get("detail").asText();
        assertTrue(detail.contains(detailPart), detail);
        return detail;
    }

    /** A second libvirt connection, as a restarted appliance opens. */
    private static final class Reconnected implements AutoCloseable {
        final Connect connect;
        final VmManager vms;

        Reconnected() throws Exception {
            connect = new Connect("test:///default");
            vms = new VmManager(
                    connect,
                    new VmStorage(connect, "domains-it", dir),
                    new DcloudNetwork(connect, NatNetwork.defaults()));
        }

        @Override
        public void close() throws Exception {
            connect.close();
        }
    }
}

package io.dcloud.cli.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcloud.appliance.api.ApiResources;
import io.dcloud.appliance.api.ApiSettings;
import io.dcloud.appliance.api.ManagementApi;
import io.dcloud.appliance.api.Problem;
import io.dcloud.appliance.api.ProblemException;
import io.dcloud.appliance.api.auth.AdminTokens;
import io.dcloud.appliance.api.host.HostView;
import io.dcloud.appliance.api.rentals.ActionOutcome;
import io.dcloud.appliance.api.rentals.NewRental;
import io.dcloud.appliance.api.rentals.RentalAction;
import io.dcloud.appliance.api.rentals.RentalCreation;
import io.dcloud.appliance.api.rentals.RentalSize;
import io.dcloud.appliance.api.rentals.RentalView;
import io.dcloud.appliance.api.tls.SelfSignedIdentity;
import io.dcloud.appliance.local.TestKeys;
import io.dcloud.appliance.metrics.MetricsRegistry;
import io.dcloud.cli.Dcloud;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `dcloud appliance rental ...` run in-process against the real management API over HTTPS on a loopback port,
 * with fake rentals behind it; the token reaches the command through its environment variable.
 */
class RentalCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<RentalView> RENTALS = Collections.synchronizedList(new ArrayList<>());
    private static final List<String> ACTIONS = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    static Path dir;

    private static ManagementApi api;
    private static String token;
    private static Path cacert;

    @BeforeAll
    static void start() throws Exception {
        var tokens = dir.resolve("admin-tokens");
        token = AdminTokens.create(tokens, "test", new SecureRandom());
        var identity = SelfSignedIdentity.loadOrCreate(
                dir.resolve("api-tls"), Set.of("localhost", "127.0.0.1"), Clock.systemUTC());
        cacert = dir.resolve("api-tls/cert.pem");
        var resources = new ApiResources(
                () -> new HostView("acme", "provider.example", "127.0.0.1", 8, 16384, List.of("standard")),
                List::of,
                () -> List.copyOf(RENTALS),
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
                        if (RENTALS.stream().anyMatch(r -> r.label().equals(rental.label()))) {
                            throw new ProblemException(
                                    Problem.conflict("the name " + rental.label() + ".provider.example is taken"));
                        }
                        var view = new RentalView(
                                "local-1",
                                rental.label(),
                                "standard",
                                "requested",
                                "local-admin",
                                rental.label() + ".provider.example",
                                null,
                                null,
                                true,
                                null);
                        RENTALS.add(view);
                        return view;
                    }
                },
                (id, request) -> {
                    throw new ProblemException(Problem.notFound("not in this test"));
                },
                List::of,
                List::of,
                List.of(),
                Optional.empty());
        api = ManagementApi.start(
                new ApiSettings("127.0.0.1", 0, identity, AdminTokens.open(tokens), List.of()),
                resources,
                new MetricsRegistry());
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void ledgerRentals() {
        RENTALS.clear();
        RENTALS.add(new RentalView(
                "42",
                "web1",
                "standard",
                "active",
                "0xabc",
                "web1.provider.example",
                20000,
                "2026-11-26T00:00:00Z",
                false,
                null));
        RENTALS.add(new RentalView(
                "43", "db", "standard", "stopped", "0xdef", "db.provider.example", 20010, null, false, null));
    }

    @Test
    void createSendsTheKeyFileAndPrintsTheRentalAndHowToReachIt() throws Exception {
        String key = TestKeys.ed25519("admin@laptop");
        var keyFile = Files.writeString(dir.resolve("id_ed25519.pub"), key + "\n");
        var run = admin("create", "--label", "trial", "--ssh-key", keyFile.toString(), "--hours", "48", "--vcpus", "1");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("\"id\" : \"local-1\""), run.out());
        assertTrue(run.out().contains("created local rental local-1 (requested)"), run.out());
        assertTrue(run.out().contains("@trial.provider.example"), run.out());
        assertTrue(run.out().contains("https://trial.provider.example/"), run.out());
        var listed = RENTALS.stream().filter(r -> r.label().equals("trial")).toList();
        assertEquals(1, listed.size(), "the API created it once");
    }

    @Test
    void invalidFieldsArePrintedOneALineAndExitOne() throws Exception {
        var keyFile = Files.writeString(dir.resolve("other.pub"), TestKeys.ed25519("x"));
        var run =
                admin("create", "--label", "Web_1", "--ssh-key", keyFile.toString(), "--hours", "9000", "--vcpus", "3");
        assertEquals(1, run.exit(), run.out());
        var lines = run.err().lines().toList();
        assertEquals(
                "dcloud appliance rental: the API answered 400 Bad request: the rental request is invalid",
                lines.get(0),
                run.err());
        assertTrue(lines.get(1).startsWith("dcloud appliance rental:   label: 'Web_1' is not"), run.err());
        assertEquals("dcloud appliance rental:   hours: 9000 is not in 1..8760", lines.get(2));
        assertEquals(
                "dcloud appliance rental:   vcpus: 3 is not in 1..2 (at most this host's offer size)", lines.get(3));
        assertEquals(4, lines.size(), run.err());
        assertEquals("", run.out());
    }

    @Test
    void conflictsArePrinted() throws Exception {
        var keyFile = Files.writeString(dir.resolve("web1.pub"), TestKeys.ed25519("x"));
        var taken = admin("create", "--label", "web1", "--ssh-key", keyFile.toString(), "--hours", "1");
        assertEquals(1, taken.exit());
        assertEquals(
                "dcloud appliance rental: the API answered 409 Conflict: the name web1.provider.example is taken",
                taken.err().strip());

        var stopped = admin("stop", "43", "--reason", "maintenance");
        assertEquals(1, stopped.exit());
        assertTrue(stopped.err().contains("409 Conflict: rental 43 is already stopped"), stopped.err());
        assertTrue(ACTIONS.contains("43 stop maintenance"), ACTIONS.toString());
    }

    @Test
    void listIsATableOrTheJsonAsIs() throws Exception {
        var table = admin("list");
        assertEquals(0, table.exit(), table.err());
        var lines = table.out().lines().toList();
        assertEquals(3, lines.size(), table.out());
        assertTrue(lines.get(0).matches("ID +LABEL +KIND +STATE +HOSTNAME +SSH PORT +ENDS AT +LOCAL"), lines.get(0));
        assertTrue(
                lines.get(1)
                        .matches(
                                "42 +web1 +standard +active +web1\\.provider\\.example +20000 +2026-11-26T00:00:00Z +no"),
                lines.get(1));
        assertTrue(
                lines.get(2).matches("43 +db +standard +stopped +db\\.provider\\.example +20010 +- +no"), lines.get(2));
        assertEquals(lines.get(0).indexOf("HOSTNAME"), lines.get(1).indexOf("web1."), "columns line up");

        var json = admin("list", "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode rentals = JSON.readTree(json.out());
        assertEquals(2, rentals.size());
        assertEquals(20000, rentals.get(0).get("sshPort").asInt());
        assertTrue(rentals.get(1).get("endsAt").isNull());
    }

    @Test
    void showPrintsOneRentalAsJson() throws Exception {
        var run = admin("show", "42");
        assertEquals(0, run.exit(), run.err());
        assertEquals(
                "web1.provider.example",
                JSON.readTree(run.out()).get("hostname").asText());

        var missing = admin("show", "999");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("404 Not found: no rental with id 999"), missing.err());
    }

    @Test
    void actionsAreAcceptedWithTheirReason() {
        var reboot = admin("reboot", "42");
        assertEquals(0, reboot.exit(), reboot.err());
        assertEquals("rental 42: reboot accepted: queued", reboot.out().strip());
        assertTrue(ACTIONS.contains("42 reboot "), ACTIONS.toString());

        var end = admin("end", "42", "--reason", "abuse report 7");
        assertEquals(0, end.exit(), end.err());
        assertEquals("rental 42: force-end accepted: queued", end.out().strip());
        assertTrue(ACTIONS.contains("42 force-end abuse report 7"), ACTIONS.toString());
    }

    @Test
    void endWithoutAReasonIsRefusedBeforeAnythingIsSent() {
        int before = ACTIONS.size();
        var run = admin("end", "42");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Missing required option: '--reason=TEXT'"), run.err());
        assertEquals(before, ACTIONS.size(), "nothing reached the API");
    }

    @Test
    void aMissingTokenVariableIsNamedAndExitsTwo() {
        var unset = run(Map.of(), "list", "--api", apiUrl(), "--cacert", cacert.toString());
        assertEquals(2, unset.exit());
        assertTrue(unset.err().contains("the environment variable DCLOUD_ADMIN_TOKEN"), unset.err());

        var other = run(
                Map.of("DCLOUD_ADMIN_TOKEN", token),
                "list",
                "--api",
                apiUrl(),
                "--cacert",
                cacert.toString(),
                "--token-env",
                "OPS_TOKEN");
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("the environment variable OPS_TOKEN"), other.err());
        assertEquals("", other.out());
    }

    @Test
    void aWrongTokenPrintsTheUnauthorizedProblem() {
        var run = run(
                Map.of("DCLOUD_ADMIN_TOKEN", AdminTokens.TOKEN_PREFIX + "wrong"),
                "list",
                "--api",
                apiUrl(),
                "--cacert",
                cacert.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("dcloud appliance rental: the API answered 401 Unauthorized: "), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void anUntrustedCertificateIsAClearTlsError() {
        var run = run(Map.of("DCLOUD_ADMIN_TOKEN", token), "list", "--api", apiUrl());
        assertEquals(1, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("dcloud appliance rental: TLS with " + apiUrl() + " failed: "), run.err());
        assertTrue(run.err().contains("pass --cacert <state-dir>/api-tls/cert.pem"), run.err());
    }

    @Test
    void anUnreachableApiIsOneLine() throws Exception {
        int closed;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String url = "https://127.0.0.1:" + closed;
        var run = run(Map.of("DCLOUD_ADMIN_TOKEN", token), "list", "--api", url, "--cacert", cacert.toString());
        assertEquals(1, run.exit());
        assertEquals(
                "dcloud appliance rental: cannot reach " + url
                        + ": connection refused (is the appliance running, and is this its API port?)",
                run.err().strip());
    }

    @Test
    void badInputIsRefusedHereWithExitTwo() throws Exception {
        var traversal = admin("show", "../host");
        assertEquals(2, traversal.exit());
        assertTrue(traversal.err().contains("'../host' is not a rental id: 1-78 lower-case"), traversal.err());

        var plain = run(Map.of("DCLOUD_ADMIN_TOKEN", token), "list", "--api", "http://127.0.0.1:" + api.port());
        assertEquals(2, plain.exit());
        assertTrue(plain.err().contains("--api must be an https:// URL"), plain.err());

        var noCa = run(
                Map.of("DCLOUD_ADMIN_TOKEN", token),
                "list",
                "--api",
                apiUrl(),
                "--cacert",
                dir.resolve("nope.pem").toString());
        assertEquals(2, noCa.exit());
        assertTrue(noCa.err().contains("--cacert " + dir.resolve("nope.pem") + " does not exist"), noCa.err());
        var notPemFile = Files.writeString(dir.resolve("not.pem"), "hello");
        var notPem =
                run(Map.of("DCLOUD_ADMIN_TOKEN", token), "list", "--api", apiUrl(), "--cacert", notPemFile.toString());
        assertEquals(2, notPem.exit());
        assertTrue(notPem.err().contains("holds no PEM certificate"), notPem.err());

        var privateKey = Files.writeString(
                dir.resolve("id_ed25519"),
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\n");
        var leaked = admin("create", "--label", "x", "--ssh-key", privateKey.toString(), "--hours", "1");
        assertEquals(2, leaked.exit());
        assertTrue(leaked.err().contains("is a private key: give its public half (id_ed25519.pub)"), leaked.err());

        var twoKeys =
                Files.writeString(dir.resolve("two.pub"), TestKeys.ed25519("a") + "\n" + TestKeys.ed25519("b") + "\n");
        var two = admin("create", "--label", "x", "--ssh-key", twoKeys.toString(), "--hours", "1");
        assertEquals(2, two.exit());
        assertTrue(two.err().contains("has 2 non-empty lines"), two.err());

        var missing = admin(
                "create", "--label", "x", "--ssh-key", dir.resolve("nope.pub").toString(), "--hours", "1");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("nope.pub does not exist"), missing.err());
        assertTrue(RENTALS.stream().noneMatch(r -> r.label().equals("x")), "nothing was created");
    }

    private record Run(int exit, String out, String err) {}

    private static String apiUrl() {
        return "https://127.0.0.1:" + api.port();
    }

    /** A rental subcommand as an admin with the right token and CA. */
    private static Run admin(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--api", apiUrl(), "--cacert", cacert.toString()));
        return run(Map.of("DCLOUD_ADMIN_TOKEN", token), all.toArray(String[]::new));
    }

    private static Run run(Map<String, String> environment, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Dcloud.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        var rental = cli.getSubcommands().get("appliance").getSubcommands().get("rental");
        ((RentalCommand) rental.getCommand()).environment = (Function<String, String>) environment::get;
        var all = new ArrayList<>(List.of("appliance", "rental"));
        all.addAll(List.of(args));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }
}

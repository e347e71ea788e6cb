package io.dcloud.cli.demo;

import io.dcloud.appliance.Appliance;
import io.dcloud.appliance.api.auth.AdminTokens;
import io.dcloud.appliance.config.ApplianceConfigLoader;
import io.dcloud.appliance.reconcile.DesiredRental;
import io.dcloud.cli.Dcloud;
import io.dcloud.ledger.contracts.DcloudMarket;
import io.dcloud.ledger.market.Marketplace;
import io.dcloud.ledger.market.RentalState;
import io.dcloud.vm.lifecycle.Vm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The default demo: one rental from request to refund. The appliance runs in this process from the same config
 * file a provider writes; the tenant rents, connects over SSH and HTTPS, the provider claims, the tenant ends
 * early, and the VM, its route and its ports disappear.
 */
final class RentalStory {
    static final String LABEL = "demo";

    private RentalStory() {}

    static void run(DemoWorld world, boolean keep) throws Exception {
        var progress = world.progress;
        Path stateDir = world.work.resolve("state");
        String token = AdminTokens.create(stateDir.resolve("admin-tokens"), "demo", new SecureRandom());
        Path configFile = world.writeConfig(stateDir);
        var config = ApplianceConfigLoader.load(configFile, world.applianceEnv());
        progress.step("appliance: starting it from " + configFile + " (SNI router :"
                + config.listeners().tls()
                + ", Host router :" + config.listeners().http() + ", port-forwarder 20000+, management API :"
                + config.listeners().api() + ", reconciler)");
        Appliance appliance = Appliance.start(config, world.applianceEnv(), Clock.systemUTC());
        world.onClose(appliance);
        var vms = appliance.host().vms();

        var tenantSession = world.session(world.tenantKey);
        world.onClose(tenantSession);
        var tenant = new Marketplace(tenantSession, world.deployment);
        world.awaitOffer(tenant);
        var before = tenant.balanceOf(world.tenantKey.getAddress());
        var rental = world.rent(tenant, LABEL);
        var rented = tenant.balanceOf(world.tenantKey.getAddress());
        String vmName = DesiredRental.vmName(rental.toString());
        progress.step(
                world.testDriver
                        ? "reconciler: provisioning the VM on libvirt's test driver (ready once its domain runs)"
                        : "reconciler: provisioning the VM and waiting for it to answer on SSH (QEMU without KVM)");
        world.awaitState(tenant, rental, RentalState.ACTIVE, () -> present(vms, vmName));
        Vm vm = vms.get(vmName).orElseThrow();
        int sshPort = vm.metadata().portBlock().orElseThrow().first();
        progress.step("rental " + rental + " is Active; the VM " + vm.name() + " runs at "
                + vm.network().ip() + " (private NAT network, no public address)");

        if (world.testDriver) {
            progress.step("not checked: ssh through port " + sshPort + " and https://" + LABEL + "."
                    + DemoWorld.DOMAIN + ":" + config.listeners().tls() + "/ are routed (see /ports and /routes"
                    + " below), but no guest boots on the test driver to answer them");
        } else {
            world.checkSsh(sshPort, LABEL);
            world.checkHttps(LABEL);
        }
        showApi(world, config.listeners().api(), token);
        showTenantAccess(world, config.listeners().api(), stateDir.resolve("api-tls/cert.pem"), rental.toString());
        String prefix = world.testDriver ? "" : "ip netns exec " + DemoNamespace.NAME + " ";
        if (!world.testDriver) {
            progress.step("reach the VM (from this host, inside the demo's network namespace):");
            progress.detail(prefix + "ssh -i " + world.sshKey + " -p " + sshPort + " root@127.0.0.1");
            progress.detail(prefix + "curl -k --resolve " + LABEL + "." + DemoWorld.DOMAIN + ":443:127.0.0.1 https://"
                    + LABEL + "." + DemoWorld.DOMAIN + "/");
        }
        progress.step("the tenant ends the rental with (the unaccrued escrow comes back at once):");
        progress.detail(prefix + launcher() + " end " + rental + " --deployment "
                + world.work.resolve("deployment.json") + " --dev-account 2");
        if (keep) {
            progress.step("--keep: the VM stays up until you press Ctrl-C (that ends the demo and cleans up)");
            Thread.currentThread().join();
        }

        awaitAccrual(tenant.rental(rental).startedAt());
        try (var session = world.session(world.providerKey)) {
            var claimed = new Marketplace(session, world.deployment).claim(rental);
            progress.step("provider claimed what accrued so far (2% of it to the treasury), tx "
                    + claimed.getTransactionHash());
        }
        if (!accepts(sshPort)) {
            throw new IllegalStateException("port " + sshPort + " of rental " + rental + " is not forwarded");
        }
        progress.step("tenant ends rental " + rental + " early (the command above)");
        var ended = tenant.end(rental);
        var refund = DcloudMarket.getRentalEndedEvents(ended).getFirst().refund;
        var after = tenant.balanceOf(world.tenantKey.getAddress());
        if (refund.signum() <= 0 || after.compareTo(rented) <= 0) {
            throw new IllegalStateException("no refund arrived: the tenant had " + DemoWorld.dct(rented)
                    + " DCT right after renting and has " + DemoWorld.dct(after) + " DCT after ending");
        }
        progress.step("checked: the refund arrived: " + DemoWorld.dct(refund) + " DCT of unaccrued escrow back ("
                + DemoWorld.dct(before) + " DCT before renting, " + DemoWorld.dct(rented) + " right after, "
                + DemoWorld.dct(after) + " now)");
        awaitGone(vms, vmName, config.libvirt().imageDir());
        progress.step("VM, disk and seed are gone");
        checkForgotten(world, config.listeners().api(), token, rental.toString(), sshPort);
        progress.step("reputation: provider " + tenant.reputationOf(world.providerKey.getAddress()) + ", tenant "
                + tenant.reputationOf(world.tenantKey.getAddress()) + " (base units; +1% of each payout)");
        progress.step("demo complete");
    }

    /**
     * Payment streams per second of block time, and anvil stamps each block with the wall clock when it mines it: a
     * claim mined in the second the rental started would find nothing accrued (on the test driver the story gets
     * there within a second). Waits until the next block is at least a second past the start.
     */
    private static void awaitAccrual(long startedAtSeconds) throws InterruptedException {
        long wait = (startedAtSeconds + 1) * 1000 - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /**
     * After teardown the management API lists neither a route nor a port of the rental, and its SSH port refuses
     * connections. The forwarder lets go of the port at the end of the reconciler pass that destroyed the VM, just
     * after the domain vanished: the port is polled for a bounded while.
     */
    private static void checkForgotten(DemoWorld world, int apiPort, String token, String rental, int sshPort)
            throws Exception {
        for (var table : List.of("/routes", "/ports")) {
            var result = get(apiPort, token, table);
            if (!result.ok()
                    || result.output().contains("\"rentalId\":\"" + rental + "\"")
                    || result.output().contains(LABEL + "." + DemoWorld.DOMAIN)) {
                throw new IllegalStateException(
                        "GET " + table + " still lists rental " + rental + " after teardown: " + result.output());
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (accepts(sshPort)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("port " + sshPort + " still accepts connections 30 s after teardown");
            }
            Thread.sleep(200);
        }
        world.progress.step("checked: GET /routes and /ports no longer list rental " + rental + ", and port " + sshPort
                + " refuses connections: VM, disk, seed, route and ports are gone");
    }

    private static boolean accepts(int port) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    private static Commands.Result get(int apiPort, String token, String path) throws Exception {
        return Commands.run(
                Duration.ofSeconds(30),
                "curl",
                "-sk",
                "--max-time",
                "20",
                "-H",
                "Authorization: Bearer " + token,
                "https://127.0.0.1:" + apiPort + path);
    }

    private static boolean present(io.dcloud.vm.lifecycle.VmManager vms, String name) {
        try {
            return vms.get(name).isPresent();
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The reconciler undefines the domain first and deletes its volumes after, so the domain vanishing is not
     * the end of the teardown: wait for both, and name what is left if it does not finish.
     */
    private static void awaitGone(io.dcloud.vm.lifecycle.VmManager vms, String name, Path imageDir) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            boolean domain = vms.get(name).isPresent();
            List<Path> files = filesOf(imageDir, name);
            if (!domain && files.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("a minute after rental ended, VM " + name + " still has "
                        + (domain ? "its libvirt domain" : "") + (domain && !files.isEmpty() ? " and " : "")
                        + (files.isEmpty() ? "" : "its files " + files));
            }
            Thread.sleep(500);
        }
    }

    private static List<Path> filesOf(Path imageDir, String vmName) throws IOException {
        try (var left = Files.list(imageDir)) {
            return left.filter(f -> f.getFileName().toString().startsWith(vmName + "-")
                            || f.getFileName().toString().startsWith(vmName + "."))
                    .toList();
        }
    }

    /** The launcher that started this demo, by its full path, so that the printed command runs from anywhere. */
    private static String launcher() {
        String root = System.getProperty("dcloud.root");
        return root == null ? "dcloud" : Path.of(root, "dcloud").toString();
    }

    /** The tenant's own view, as `dcloud tenant access` gets it: a request signed with the tenant's ledger key. */
    private static void showTenantAccess(DemoWorld world, int port, Path apiCert, String rental) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Dcloud.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(
                "tenant",
                "access",
                rental,
                "--api",
                "https://127.0.0.1:" + port,
                "--cacert",
                apiCert.toString(),
                "--dev-account",
                "2");
        if (code != 0 || !out.toString().contains("\"" + LABEL + "." + DemoWorld.DOMAIN + "\"")) {
            throw new IllegalStateException("the tenant could not read its access details: " + out + err);
        }
        world.progress.step("checked: dcloud tenant access " + rental + " (signed with the tenant's key, no admin "
                + "token) answers " + out.toString().strip());
    }

    private static void showApi(DemoWorld world, int port, String token) throws Exception {
        var result = get(port, token, "/rentals");
        if (!result.ok() || !result.output().contains("\"" + LABEL + "." + DemoWorld.DOMAIN + "\"")) {
            throw new IllegalStateException("the management API does not list the rental: " + result.output());
        }
        world.progress.step("checked: the management API lists it (GET https://127.0.0.1:" + port + "/rentals):");
        world.progress.detail(result.output().strip());
        var offers = get(port, token, "/offers");
        if (!offers.ok() || !offers.output().contains("\"kind\":\"standard\"")) {
            throw new IllegalStateException("the management API does not show the published offer: " + offers.output());
        }
        world.progress.step("checked: GET /offers shows the offer as the ledger holds it:");
        world.progress.detail(offers.output().strip());
        if (world.testDriver) {
            showTables(world, port, token);
            return;
        }
        var metrics = get(port, token, "/metrics");
        var accepted = metrics.output()
                .lines()
                .filter(l -> l.startsWith("dcloud_dataplane_accepted{"))
                .toList();
        if (!metrics.ok() || accepted.size() != 2 || accepted.stream().anyMatch(l -> l.endsWith(" 0"))) {
            throw new IllegalStateException("the metrics do not count the connections just made: " + metrics.output());
        }
        world.progress.step("checked: GET /metrics counts the connections the tenant just made: " + accepted);
    }

    /** On the test driver nothing connects, so the data plane is shown by its tables instead of its counters. */
    private static void showTables(DemoWorld world, int port, String token) throws Exception {
        for (var table : List.of("/routes", "/ports")) {
            var result = get(port, token, table);
            String expected = table.equals("/routes") ? LABEL + "." + DemoWorld.DOMAIN : "\"hostPort\":20000";
            if (!result.ok() || !result.output().contains(expected)) {
                throw new IllegalStateException(
                        "GET " + table + " does not show the rental's entry: " + result.output());
            }
            world.progress.step("checked: GET " + table + " has the rental's entries:");
            world.progress.detail(result.output().strip());
        }
    }
}

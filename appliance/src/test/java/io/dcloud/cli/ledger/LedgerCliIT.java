package io.dcloud.cli.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.cli.Dcloud;
import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.ledger.chain.Deployment;
import io.dcloud.ledger.market.Marketplace;
import io.dcloud.ledger.tx.LedgerSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import picocli.CommandLine;

/** The tenant and provider commands end to end against a real anvil, as a user types them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerCliIT {
    static final String TENANT_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGk5 t@x\n";
    static final Pattern CLAIMED = Pattern.compile("claimed ([0-9.]+) DCT, fee ([0-9.]+) DCT");

    @TempDir
    Path dir;

    AnvilNode anvil;
    Path deployment;

    @BeforeEach
    void startChain() {
        anvil = AnvilNode.start(AnvilNode.locateBinary(), 0, 31337, Optional.empty());
        deployment = dir.resolve("deployment.json");
    }

    @AfterEach
    void stopChain() {
        anvil.close();
    }

    @Test
    void deployRegisterPublishSearchRentAndRefuse() throws Exception {
        Result deployed = run("chain", "deploy", "--rpc", anvil.rpcUrl(), "--dev-account", "0");
        assertEquals(0, deployed.code(), deployed.err());
        assertTrue(Files.exists(deployment));

        assertEquals(
                0,
                run("provider", "register", "--dev-account", "1", "--name", "P", "--domain", "p.example")
                        .code());
        Result checkedIn = run("provider", "check-in", "--dev-account", "1");
        assertTrue(checkedIn.out().contains("checked in"), checkedIn.out() + checkedIn.err());
        Result published = publish("1", "tdx", "0.5", "--stock", "2");
        assertTrue(published.out().contains("offer 1 published"), published.out());

        Result search = run("offers", "search", "--dev-account", "2", "--kind", "tdx", "--json");
        assertTrue(search.out().contains("\"pricePerHourDct\" : \"0.5\""), search.out());
        Result anonymous = run("offers", "search", "--region", "eu-central");
        assertTrue(anonymous.out().contains("1 offers"), "browsing needs no key: " + anonymous.out() + anonymous.err());
        Result none = run("offers", "search", "--dev-account", "2", "--max-price", "0.1");
        assertTrue(none.out().contains("0 offers"), none.out());

        Path key = dir.resolve("id.pub");
        Files.writeString(key, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGk5 t@x\n");
        Result rented =
                run("rent", "1", "--dev-account", "2", "--hours", "3", "--ssh-key", key.toString(), "--name", "web");
        assertTrue(rented.out().contains("rental 1 REQUESTED, escrow 1.5 DCT"), rented.out());

        Result claim = run("claim", "1", "--dev-account", "1");
        assertEquals(1, claim.code());
        assertTrue(claim.err().contains("refused by the contract: InvalidState(1, 1)"), claim.err());
        Result stranger = run("offers", "pause", "1", "--dev-account", "2");
        assertTrue(stranger.err().contains("NotOfferProvider"), stranger.err());
        Result rentals = run("rentals", "--dev-account", "2");
        assertTrue(rentals.out().contains("REQUESTED"), rentals.out());
    }

    @Test
    void rentalLifecycleGovernedByTheCli() throws Exception {
        deployAndRegister();
        Result published = publish("1", "sev-snp", "36", "--stock", "3");
        assertTrue(published.out().contains("offer 1 published"), published.out() + published.err());
        Result snp = run("offers", "search", "--kind", "sev-snp", "--json");
        assertTrue(snp.out().contains("\"kind\" : \"sev-snp\""), snp.out() + snp.err());
        assertTrue(run("offers", "search", "--kind", "sev_snp").out().contains("1 offers"), "the enum spelling works");
        assertTrue(run("offers", "search", "--kind", "tdx").out().contains("0 offers"));
        Result badKind = run("offers", "search", "--kind", "sev");
        assertEquals(2, badKind.code());
        assertTrue(badKind.err().contains("expected one of standard, sev-snp, tdx, gpu"), badKind.err());

        Path key = dir.resolve("id.pub");
        Files.writeString(key, TENANT_KEY);
        assertTrue(rent("1", "2", key, "web").contains("rental 1 REQUESTED, escrow 72 DCT"));
        try (LedgerSession providerSession = LedgerSession.connect(
                anvil.rpcUrl(), Credentials.create(AnvilNode.DEV_KEYS.get(1)), Duration.ofSeconds(30))) {
            Marketplace provider = new Marketplace(providerSession, Deployment.read(deployment));
            provider.accept(BigInteger.ONE, "ssh -p 20000 root@web.p.example");

            Result extended = run("extend", "1", "--dev-account", "2", "--hours", "1");
            assertTrue(extended.out().contains("rental 1 ACTIVE, paid time now 3 h"), extended.out() + extended.err());

            advance(1800);
            Result claimed = run("claim", "1", "--dev-account", "1");
            assertEquals(0, claimed.code(), claimed.err());
            Matcher payout = CLAIMED.matcher(claimed.out());
            assertTrue(payout.find() && claimed.out().contains("rental 1 ACTIVE"), claimed.out());
            BigInteger amount = Dct.parse(payout.group(1));
            assertTrue(amount.compareTo(Dct.parse("18")) >= 0, "at least half an hour at 36 DCT/h: " + amount);
            assertEquals(amount.multiply(BigInteger.TWO).divide(BigInteger.valueOf(100)), Dct.parse(payout.group(2)));
            BigInteger earned = amount.divide(BigInteger.valueOf(100));

            Result reputation = run("reputation", "--dev-account", "1");
            assertTrue(reputation.out().contains(provider.address() + " reputation " + earned), reputation.out());
            String tenant = Credentials.create(AnvilNode.DEV_KEYS.get(2)).getAddress();
            Result tenantReputation = run("reputation", tenant);
            assertTrue(tenantReputation.out().contains(tenant + " reputation " + earned), tenantReputation.out());

            BigInteger cost = earned.divide(BigInteger.TEN);
            Result penalized = run("penalize", provider.address(), cost.toString(), "--dev-account", "2");
            assertTrue(
                    penalized
                            .out()
                            .contains("reputation now: you " + earned.subtract(cost) + ", target "
                                    + earned.subtract(cost.shiftLeft(1))),
                    penalized.out() + penalized.err());

            searchByReputation(earned.subtract(cost.shiftLeft(1)));

            advance(60);
            Result ended = run("end", "1", "--dev-account", "2");
            assertTrue(ended.out().contains("rental 1 ENDED, refunded "), ended.out() + ended.err());
            Result lastClaim = run("claim", "1", "--dev-account", "1");
            assertTrue(lastClaim.out().contains("rental 1 ENDED: claimed "), lastClaim.out() + lastClaim.err());
            assertEquals(BigInteger.ZERO, provider.rental(BigInteger.ONE).claimable());

            assertTrue(rent("1", "2", key, "late").contains("rental 2 REQUESTED"));
            Result early = run("reclaim", "2", "--dev-account", "2");
            assertTrue(early.err().contains("AcceptWindowOpen"), early.err());
            advance(3600);
            Result reclaimed = run("reclaim", "2", "--dev-account", "2");
            assertTrue(reclaimed.out().contains("rental 2 RECLAIMED"), reclaimed.out() + reclaimed.err());

            Result updated = run("provider", "update", "--dev-account", "1", "--name", "P2", "--domain", "q.example");
            assertTrue(updated.out().contains("profile updated"), updated.out() + updated.err());
            assertEquals("q.example", provider.profileOf(provider.address()).domain());
        }
    }

    @Test
    void offersAreUpdatedPausedAndRemoved() throws Exception {
        deployAndRegister();
        run(
                "offers",
                "publish",
                "--dev-account",
                "1",
                "--vcpu",
                "2",
                "--ram-mib",
                "4096",
                "--region",
                "eu-central",
                "--price",
                "1");
        Result updated = run(
                "offers",
                "update",
                "1",
                "--dev-account",
                "1",
                "--kind",
                "gpu",
                "--gpus",
                "1",
                "--gpu-model",
                "L4",
                "--vcpu",
                "8",
                "--ram-mib",
                "16384",
                "--region",
                "eu-west",
                "--price",
                "2.5");
        assertTrue(updated.out().contains("offer 1 updated"), updated.out() + updated.err());
        Result found = run("offers", "search", "--json");
        assertTrue(found.out().contains("\"kind\" : \"gpu\""), found.out());
        assertTrue(found.out().contains("\"vcpu\" : 8"), found.out());
        assertTrue(found.out().contains("\"region\" : \"eu-west\""), found.out());
        assertTrue(found.out().contains("\"pricePerHourDct\" : \"2.5\""), found.out());

        assertTrue(run("offers", "pause", "1", "--dev-account", "1").out().contains("offer 1 paused"));
        assertTrue(run("offers", "search").out().contains("0 offers"), "paused offers are not listed");
        Path key = dir.resolve("id.pub");
        Files.writeString(key, TENANT_KEY);
        Result refused = run("rent", "1", "--dev-account", "2", "--hours", "1", "--ssh-key", key.toString());
        assertTrue(refused.err().contains("OfferUnavailable"), refused.err());
        assertTrue(run("offers", "pause", "1", "--resume", "--dev-account", "1")
                .out()
                .contains("offer 1 resumed"));
        assertTrue(run("offers", "search").out().contains("1 offers"));

        assertTrue(run("offers", "remove", "1", "--dev-account", "1").out().contains("offer 1 removed"));
        assertTrue(run("offers", "search").out().contains("0 offers"));
        Result gone = run("offers", "pause", "1", "--resume", "--dev-account", "1");
        assertTrue(gone.err().contains("OfferRemoved"), gone.err());
    }

    @Test
    void chainStartServesRpcOnTheGivenLoopbackPort() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path state = dir.resolve("state.json");
        CompletableFuture<String> listening = new CompletableFuture<>();
        StringWriter out = new StringWriter() {
            @Override
            public void flush() {
                if (toString().contains("anvil listening on")) {
                    listening.complete(toString());
                }
            }
        };
        CommandLine cli = Dcloud.commandLine();
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(new StringWriter(), true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                "chain", "start", "--port", String.valueOf(port), "--chain-id", "1337", "--state", state.toString()));
        String banner = listening.get(30, TimeUnit.SECONDS);
        assertTrue(banner.contains("http://127.0.0.1:" + port), banner);
        Matcher pid = Pattern.compile("pid (\\d+)").matcher(banner);
        assertTrue(pid.find(), banner);
        try (LedgerSession session = LedgerSession.connect(
                "http://127.0.0.1:" + port, Credentials.create(AnvilNode.DEV_KEYS.get(0)), Duration.ofSeconds(5))) {
            assertEquals(1337, session.chainId());
        } finally {
            ProcessHandle.of(Long.parseLong(pid.group(1))).ifPresent(ProcessHandle::destroy);
        }
        assertEquals(0, exit.get(30, TimeUnit.SECONDS));
        assertTrue(Files.size(state) > 0, "anvil saved its state on exit");
    }

    /** Provider 3 publishes a cheaper offer without reputation: price ranks it first, reputation last. */
    private void searchByReputation(BigInteger reputationOfProvider1) {
        assertEquals(
                0,
                run("provider", "register", "--dev-account", "3", "--name", "New", "--domain", "n.example")
                        .code());
        publish("3", "sev-snp", "1");
        Result byPrice = run("offers", "search", "--json");
        assertTrue(byPrice.out().indexOf("\"offer\" : 2") < byPrice.out().indexOf("\"offer\" : 1"), byPrice.out());
        Result byReputation = run("offers", "search", "--sort", "reputation", "--json");
        assertTrue(
                byReputation.out().indexOf("\"offer\" : 1") < byReputation.out().indexOf("\"offer\" : 2"),
                byReputation.out());
        assertTrue(
                byReputation.out().contains("\"providerReputation\" : " + reputationOfProvider1), byReputation.out());
        Result reputed = run("offers", "search", "--min-reputation", "1", "--json");
        assertTrue(reputed.out().contains("\"offer\" : 1"), reputed.out());
        assertTrue(!reputed.out().contains("\"offer\" : 2"), "a provider without reputation is filtered out");
    }

    /** An offer of 4 vCPUs and 8 GiB in eu-central, the shape most of these tests trade. */
    private Result publish(String devAccount, String kind, String price, String... more) {
        var args = new ArrayList<>(List.of(
                "offers",
                "publish",
                "--dev-account",
                devAccount,
                "--kind",
                kind,
                "--vcpu",
                "4",
                "--ram-mib",
                "8192",
                "--region",
                "eu-central",
                "--price",
                price));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private void deployAndRegister() {
        Result deployed = run("chain", "deploy", "--rpc", anvil.rpcUrl(), "--dev-account", "0");
        assertEquals(0, deployed.code(), deployed.err());
        Result registered = run("provider", "register", "--dev-account", "1", "--name", "P", "--domain", "p.example");
        assertEquals(0, registered.code(), registered.err());
    }

    private String rent(String offer, String devAccount, Path key, String name) {
        Result rented = run(
                "rent",
                offer,
                "--dev-account",
                devAccount,
                "--hours",
                "2",
                "--ssh-key",
                key.toString(),
                "--name",
                name);
        assertEquals(0, rented.code(), rented.err());
        return rented.out();
    }

    /** anvil's evm_increaseTime and a block at the new time, so accrual and deadlines move on. */
    private void advance(long seconds) throws Exception {
        HttpService rpc = new HttpService(anvil.rpcUrl());
        new Request<>("evm_increaseTime", List.of(seconds), rpc, VoidResponse.class).send();
        new Request<>("evm_mine", List.of(), rpc, VoidResponse.class).send();
    }

    /** Any JSON-RPC result, ignored. */
    public static final class VoidResponse extends Response<Object> {}

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Dcloud.commandLine();
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--deployment");
        all.add(deployment.toString());
        int code = cli.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int code, String out, String err) {}
}

package io.dcloud.cli.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.cli.Dcloud;
import io.dcloud.ledger.chain.AnvilNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The tenant and provider commands end to end against a real anvil, as a user types them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerCliIT {
    @TempDir
    static Path dir;

    AnvilNode anvil;
    Path deployment;

    @BeforeAll
    void startChain() {
        anvil = AnvilNode.start(AnvilNode.locateBinary(), 0, 31337, Optional.empty());
        deployment = dir.resolve("deployment.json");
    }

    @AfterAll
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
        Result published = run(
                "offers",
                "publish",
                "--dev-account",
                "1",
                "--kind",
                "tdx",
                "--vcpu",
                "4",
                "--ram-mib",
                "8192",
                "--region",
                "eu-central",
                "--price",
                "0.5",
                "--stock",
                "2");
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

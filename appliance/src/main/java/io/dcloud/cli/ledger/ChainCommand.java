package io.dcloud.cli.ledger;

import io.dcloud.ledger.chain.AnvilNode;
import io.dcloud.ledger.chain.Deployer;
import io.dcloud.ledger.chain.Deployment;
import io.dcloud.ledger.tx.LedgerSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `dcloud chain`: a local EVM chain for development and demos, and deployment of the contracts to any chain. */
@Command(
        mixinStandardHelpOptions = true,
        name = "chain",
        description = "Run a local chain (anvil) and deploy the marketplace contracts.",
        subcommands = {ChainCommand.Start.class, ChainCommand.Deploy.class})
public final class ChainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "start",
            description = "Run anvil on 127.0.0.1 in the foreground, its state kept in a file.")
    static final class Start extends LedgerCommand {
        @Option(names = "--port", defaultValue = "8545", description = "RPC port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--chain-id", defaultValue = "31337", description = "Chain id (default: ${DEFAULT-VALUE}).")
        long chainId;

        @Option(
                names = "--state",
                paramLabel = "FILE",
                defaultValue = "${sys:user.home}/.dcloud/anvil-state.json",
                description = "Chain state, loaded on start and saved on exit (default: ${DEFAULT-VALUE}).")
        Path state;

        @Override
        void execute() {
            AnvilNode anvil = AnvilNode.start(AnvilNode.locateBinary(), port, chainId, Optional.of(state));
            Runtime.getRuntime().addShutdownHook(new Thread(anvil::close));
            out().printf(
                            "anvil listening on %s (chain %d, pid %d, state %s); Ctrl-C stops it%n",
                            anvil.rpcUrl(), chainId, anvil.pid(), state);
            out().flush();
            try {
                anvil.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "deploy",
            description = "Deploy token and marketplace and write the deployment file. Without --production the token"
                    + " is the test token, pre-minting 1,000,000 DCT to dev accounts 1-3 and each --fund address.")
    static final class Deploy extends LedgerCommand {
        @Mixin
        LedgerOptions ledger;

        @Option(
                names = "--production",
                description = "Deploy the production token (minting only by the reward schedule).")
        boolean production;

        @Option(names = "--treasury", paramLabel = "ADDRESS", description = "Treasury (required with --production).")
        String treasury;

        @Option(names = "--fund", paramLabel = "ADDRESS", description = "Test token only: also fund this address.")
        List<String> fund = new ArrayList<>();

        @Override
        void execute() {
            String rpcUrl = ledger.rpc != null ? ledger.rpc : "http://127.0.0.1:8545";
            if (production && treasury == null) {
                throw new IllegalArgumentException("--production needs --treasury ADDRESS");
            }
            try (LedgerSession session = ledger.session(rpcUrl)) {
                sending("deploying to chain " + session.chainId() + " at " + rpcUrl + " as " + session.address());
                Deployer deployer = new Deployer(session);
                Deployment deployment;
                if (production) {
                    deployment = deployer.deployProduction(rpcUrl, treasury);
                } else {
                    List<String> accounts = new ArrayList<>();
                    for (int i = 1; i <= 3; i++) {
                        accounts.add(
                                Credentials.create(AnvilNode.DEV_KEYS.get(i)).getAddress());
                    }
                    accounts.addAll(fund);
                    String testTreasury = treasury != null
                            ? treasury
                            : Credentials.create(AnvilNode.DEV_KEYS.get(4)).getAddress();
                    deployment = deployer.deployForTests(rpcUrl, testTreasury, accounts, Dct.parse("1000000"));
                }
                deployment.write(ledger.deployment);
                out().printf(
                                "token %s%nmarket %s%ntreasury %s%nstart block %d%nwrote %s%n",
                                deployment.token(),
                                deployment.market(),
                                deployment.treasury(),
                                deployment.startBlock(),
                                ledger.deployment);
            }
        }
    }
}

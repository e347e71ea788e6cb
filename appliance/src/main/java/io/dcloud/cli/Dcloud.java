package io.dcloud.cli;

import io.dcloud.relay.LeakSampling;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one `dcloud` command line: each subcommand fronts a module (see docs/architecture.md). */
@Command(
        name = "dcloud",
        mixinStandardHelpOptions = true,
        versionProvider = BuildInfo.class,
        description = "Provider appliance and tenant tools of the dcloud decentralized cloud.",
        subcommands = {
            CommandLine.HelpCommand.class,
            VersionCommand.class,
            io.dcloud.cli.demo.DemoCommand.class,
            io.dcloud.cli.proxy.ProxyCommand.class,
            io.dcloud.cli.forward.ForwardCommand.class,
            io.dcloud.cli.vm.VmCommand.class,
            io.dcloud.cli.host.HostCommand.class,
            io.dcloud.cli.attest.AttestCommand.class,
            io.dcloud.cli.ledger.ChainCommand.class,
            io.dcloud.cli.ledger.OffersCommand.class,
            io.dcloud.cli.ledger.RentCommand.class,
            io.dcloud.cli.ledger.RentalsCommand.class,
            io.dcloud.cli.ledger.ExtendCommand.class,
            io.dcloud.cli.ledger.EndCommand.class,
            io.dcloud.cli.ledger.ReclaimCommand.class,
            io.dcloud.cli.ledger.PenalizeCommand.class,
            io.dcloud.cli.ledger.ReputationCommand.class,
            io.dcloud.cli.ledger.ProviderCommand.class,
            io.dcloud.cli.ledger.ClaimCommand.class,
            io.dcloud.cli.ledger.TenantCommand.class,
            io.dcloud.cli.appliance.ApplianceCommand.class,
        })
public final class Dcloud implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Dcloud()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    public static void main(String[] args) {
        LeakSampling.useApplianceDefault();
        System.exit(commandLine().execute(args));
    }
}

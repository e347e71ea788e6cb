package io.dcloud.cli;

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
            // data plane
            // vm-manager
            // attestation
            // ledger
            // appliance
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
        System.exit(commandLine().execute(args));
    }
}

package io.dcloud.cli.appliance;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dcloud appliance ...}: run the provider appliance, manage its configuration, act on its rentals. */
@Command(
        name = "appliance",
        description = "Run the provider appliance, check its config, manage admin tokens, act on its rentals.",
        subcommands = {RunCommand.class, CheckCommand.class, TokenCommand.class, RentalCommand.class})
public final class ApplianceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

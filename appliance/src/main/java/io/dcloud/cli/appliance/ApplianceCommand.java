package io.dcloud.cli.appliance;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dcloud appliance ...}: run the provider appliance and manage its configuration. */
@Command(
        name = "appliance",
        description = "Run the provider appliance, check its config, manage admin tokens.",
        subcommands = {RunCommand.class, CheckCommand.class, TokenCommand.class})
public final class ApplianceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

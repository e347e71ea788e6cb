package io.dcloud.cli.appliance;

import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code dcloud appliance rental ...}: the admin's client of the management API's {@code /rentals} (see
 * appliance/README.md, "Management API" and "Local rentals").
 */
@Command(
        name = "rental",
        mixinStandardHelpOptions = true,
        description = "List, create and act on this appliance's rentals through its management API (as an admin).",
        subcommands = {
            RentalListCommand.class,
            RentalShowCommand.class,
            RentalCreateCommand.class,
            RentalActionCommands.Stop.class,
            RentalActionCommands.Start.class,
            RentalActionCommands.Reboot.class,
            RentalActionCommands.End.class
        })
final class RentalCommand implements Runnable {

    /** Where {@code --token-env} is looked up; tests hand in their own instead of changing the process's. */
    Function<String, String> environment = System::getenv;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package io.dcloud.cli.appliance;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "One rental as JSON (GET /rentals/ID): state, SSH port, end, and why it failed or ended.")
final class RentalShowCommand extends AdminApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The rental's id, e.g. 42 or local-1.")
    String id;

    @Override
    void execute() {
        out().println(json(get(rentalPath(id))).toPrettyString());
    }
}

package io.dcloud.cli.appliance;

import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `dcloud appliance rental stop|start|reboot|end ID`: the admin's actions on a rental's VM (POST
 * /rentals/ID/ACTION), accepted (the reconciler carries them out) or refused with a 409 when they do not apply.
 */
final class RentalActionCommands {
    private RentalActionCommands() {}

    abstract static class Action extends AdminApiCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The rental's id, e.g. 42 or local-1.")
        String id;

        /** The action's path segment, as the API names it. */
        abstract String action();

        abstract Optional<String> reason();

        @Override
        void execute() {
            var body =
                    reason().map(r -> JSON.createObjectNode().put("reason", r).toString());
            var accepted = json(post(rentalPath(id) + "/" + action(), body));
            out().println("rental " + accepted.path("rental").asText() + ": "
                    + accepted.path("action").asText() + " accepted: "
                    + accepted.path("detail").asText());
        }
    }

    /** An action whose reason is optional; it is recorded with the action when given. */
    abstract static class OptionalReason extends Action {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, recorded with the action.")
        String reason;

        @Override
        Optional<String> reason() {
            return Optional.ofNullable(reason);
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the rental's VM.")
    static final class Stop extends OptionalReason {
        @Override
        String action() {
            return "stop";
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the rental's stopped VM.")
    static final class Start extends OptionalReason {
        @Override
        String action() {
            return "start";
        }
    }

    @Command(name = "reboot", mixinStandardHelpOptions = true, description = "Reboot the rental's VM.")
    static final class Reboot extends OptionalReason {
        @Override
        String action() {
            return "reboot";
        }
    }

    @Command(
            name = "end",
            mixinStandardHelpOptions = true,
            description = "End the rental now (POST /rentals/ID/force-end): a ledger rental is terminated on the"
                    + " chain (the tenant stops paying and gets the unaccrued escrow back), a local one is marked"
                    + " ended; its VM is torn down after the teardown grace. The reason is required and recorded.")
    static final class End extends Action {
        @Option(
                names = "--reason",
                required = true,
                paramLabel = "TEXT",
                description = "Why, e.g. 'abuse report 42' or 'trial over'.")
        String reason;

        @Override
        String action() {
            return "force-end";
        }

        @Override
        Optional<String> reason() {
            return Optional.of(reason);
        }
    }
}

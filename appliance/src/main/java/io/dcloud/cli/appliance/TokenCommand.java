package io.dcloud.cli.appliance;

import io.dcloud.appliance.api.auth.AdminTokens;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "token", description = "Manage admin bearer tokens.", subcommands = TokenCommand.Create.class)
final class TokenCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "create",
            description = "Make an admin token, store only its hash, print the token (this one time).")
    static final class Create implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ConfigOption config;

        @Option(
                names = "--label",
                paramLabel = "TEXT",
                description = "Who or what the token is for.",
                defaultValue = "")
        String label;

        @Override
        public Integer call() throws IOException {
            var loaded = config.load(spec.commandLine().getErr());
            if (loaded.isEmpty()) {
                return ConfigOption.INVALID_CONFIG;
            }
            var file = loaded.get().admin().tokenHashesFile();
            String token;
            try {
                token = AdminTokens.create(file, label, new SecureRandom());
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return ConfigOption.INVALID_CONFIG;
            }
            var out = spec.commandLine().getOut();
            out.println(token);
            spec.commandLine()
                    .getErr()
                    .println(
                            "stored its SHA-256 hash in " + file
                                    + "; the token is not kept anywhere else: copy it now. Use it as 'Authorization: Bearer <token>'.");
            return 0;
        }
    }
}

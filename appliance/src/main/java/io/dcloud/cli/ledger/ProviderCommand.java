package io.dcloud.cli.ledger;

import io.dcloud.ledger.market.ProviderProfile;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `dcloud provider`: the provider's identity on the ledger. */
@Command(
        mixinStandardHelpOptions = true,
        name = "provider",
        description = "Register this provider on the ledger, update its profile, check in.",
        subcommands = {ProviderCommand.Register.class, ProviderCommand.Update.class, ProviderCommand.CheckIn.class})
public final class ProviderCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The profile as options, shared by register and update. */
    static final class ProfileOptions {
        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--legal-entity", defaultValue = "")
        String legalEntity;

        @Option(names = "--contact", defaultValue = "")
        String contact;

        @Option(names = "--jurisdiction", defaultValue = "")
        String jurisdiction;

        @Option(names = "--website", defaultValue = "")
        String website;

        @Option(names = "--domain", required = true, description = "The appliance's domain (rentals get label.DOMAIN).")
        String domain;

        @Option(names = "--public-key", defaultValue = "", description = "The appliance's public key (text).")
        String publicKey;

        ProviderProfile profile() {
            return new ProviderProfile(
                    name,
                    legalEntity,
                    contact,
                    jurisdiction,
                    website,
                    domain,
                    publicKey.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Command(
            mixinStandardHelpOptions = true,
            name = "register",
            description = "Register the signing account as a provider (pays the registration fee).")
    static final class Register extends LedgerCommand {
        @Mixin
        LedgerOptions ledger;

        @Mixin
        ProfileOptions profile;

        @Override
        void execute() {
            try (var opened = ledger.open()) {
                sending("registering provider " + profile.name + " ("
                        + opened.market().address() + ")");
                sent(opened.market().registerProvider(profile.profile()), "registered");
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "update", description = "Replace this provider's profile.")
    static final class Update extends LedgerCommand {
        @Mixin
        LedgerOptions ledger;

        @Mixin
        ProfileOptions profile;

        @Override
        void execute() {
            try (var opened = ledger.open()) {
                sending("updating provider " + opened.market().address());
                sent(opened.market().updateProvider(profile.profile()), "profile updated");
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "check-in", description = "Record that this appliance is alive.")
    static final class CheckIn extends LedgerCommand {
        @Mixin
        LedgerOptions ledger;

        @Override
        void execute() {
            try (var opened = ledger.open()) {
                sending("checking in " + opened.market().address());
                sent(opened.market().checkIn(), "checked in");
            }
        }
    }
}

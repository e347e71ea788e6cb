package io.dcloud.cli.attest;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `dcloud attest`: verify confidential-VM evidence, collect it inside a guest, report host facts. */
@Command(
        name = "attest",
        description = "Verify SEV-SNP / TDX evidence, collect it in a guest, show host TEE facts.",
        subcommands = {VerifyCommand.class, ReportCommand.class, ServeCommand.class, PlatformCommand.class})
public final class AttestCommand implements Runnable {

    @CommandLine.Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

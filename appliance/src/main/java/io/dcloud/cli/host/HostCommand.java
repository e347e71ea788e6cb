package io.dcloud.cli.host;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `dcloud host`: what this host can offer. */
@Command(
        name = "host",
        description = "Show what this host can offer (confidential computing, GPUs, CPUs, memory, disk).",
        subcommands = {InventoryCommand.class})
public final class HostCommand implements Runnable {

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

package io.dcloud.cli.vm;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `dcloud vm`: render domain XML for a spec, and list/start/stop/destroy dcloud's own VMs. */
@Command(
        name = "vm",
        description = "Render a VM spec as libvirt domain XML; list, start, stop and destroy dcloud VMs.",
        subcommands = {
            RenderCommand.class,
            ListCommand.class,
            StartCommand.class,
            StopCommand.class,
            DestroyCommand.class
        })
public final class VmCommand implements Runnable {

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

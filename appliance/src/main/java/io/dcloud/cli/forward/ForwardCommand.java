package io.dcloud.cli.forward;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dcloud forward}: the TCP/UDP port-forwarder on its own, like socat or HAProxy in tcp mode. */
@Command(
        name = "forward",
        description = "TCP and UDP port-forwarder.",
        subcommands = {ForwardRunCommand.class})
public final class ForwardCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

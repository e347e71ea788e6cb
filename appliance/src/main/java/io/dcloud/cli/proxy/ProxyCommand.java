package io.dcloud.cli.proxy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dcloud proxy}: the SNI/Host router on its own, like sniproxy or HAProxy in tcp mode. */
@Command(
        name = "proxy",
        description = "Non-terminating TLS (SNI) and HTTP (Host) router.",
        subcommands = {ProxyRunCommand.class})
public final class ProxyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package io.dcloud.cli.vm;

import io.dcloud.vm.lifecycle.NoSuchVmException;
import io.dcloud.vm.lifecycle.NotDcloudVmException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dcloud vm stop`: Shut a dcloud VM down by ACPI; force it off after the grace period. */
@Command(name = "stop", description = "Shut a dcloud VM down by ACPI; force it off after the grace period.")
public final class StopCommand implements Callable<Integer> {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help.")
    boolean help;

    @Mixin
    LibvirtOptions libvirt;

    @Parameters(index = "0", paramLabel = "NAME", description = "The VM's name.")
    String name;

    @Option(
            names = "--grace",
            defaultValue = "60",
            description = "Seconds to wait for the guest before forcing it off (default: ${DEFAULT-VALUE}).")
    long graceSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var connect = libvirt.connect();
        try {
            libvirt.manager(connect).stop(name, Duration.ofSeconds(graceSeconds));
            spec.commandLine().getOut().println("stop: " + name);
            return 0;
        } catch (NoSuchVmException | NotDcloudVmException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        } finally {
            connect.close();
        }
    }
}

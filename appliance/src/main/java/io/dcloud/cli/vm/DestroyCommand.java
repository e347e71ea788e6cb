package io.dcloud.cli.vm;

import io.dcloud.vm.lifecycle.NoSuchVmException;
import io.dcloud.vm.lifecycle.NotDcloudVmException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dcloud vm destroy`: Remove a dcloud VM with its disk, seed and DHCP entry (nothing there is fine). */
@Command(
        name = "destroy",
        description = "Remove a dcloud VM with its disk, seed and DHCP entry (nothing there is fine).")
public final class DestroyCommand implements Callable<Integer> {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help.")
    boolean help;

    @Mixin
    LibvirtOptions libvirt;

    @Parameters(index = "0", paramLabel = "NAME", description = "The VM's name.")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var connect = libvirt.connect();
        try {
            libvirt.manager(connect).destroy(name);
            spec.commandLine().getOut().println("destroy: " + name);
            return 0;
        } catch (NoSuchVmException | NotDcloudVmException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        } finally {
            connect.close();
        }
    }
}

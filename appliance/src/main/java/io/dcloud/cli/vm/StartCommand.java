package io.dcloud.cli.vm;

import io.dcloud.vm.lifecycle.NoSuchVmException;
import io.dcloud.vm.lifecycle.NotDcloudVmException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dcloud vm start`: Start a dcloud VM (nothing happens if it runs). */
@Command(name = "start", description = "Start a dcloud VM (nothing happens if it runs).")
public final class StartCommand implements Callable<Integer> {

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
            libvirt.manager(connect).start(name);
            spec.commandLine().getOut().println("start: " + name);
            return 0;
        } catch (NoSuchVmException | NotDcloudVmException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        } finally {
            connect.close();
        }
    }
}

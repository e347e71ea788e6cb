package io.dcloud.cli.vm;

import io.dcloud.vm.lifecycle.NoSuchVmException;
import io.dcloud.vm.lifecycle.NotDcloudVmException;
import io.dcloud.vm.lifecycle.VmManager;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What `dcloud vm start|stop|destroy` share: the VM's name, the libvirt connection, and the answer (exit 1 with
 * the reason for a VM that is not there or not dcloud's).
 */
abstract class VmAction implements Callable<Integer> {

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

    /** Does the action on the VM called {@code name}; returns how it went when that is worth telling, else "". */
    abstract String act(VmManager vms, String name) throws Exception;

    @Override
    public final Integer call() throws Exception {
        var connect = libvirt.connect();
        try {
            String how = act(libvirt.manager(connect), name);
            spec.commandLine().getOut().println(spec.name() + ": " + name + (how.isEmpty() ? "" : " (" + how + ")"));
            return 0;
        } catch (NoSuchVmException | NotDcloudVmException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        } finally {
            connect.close();
        }
    }
}

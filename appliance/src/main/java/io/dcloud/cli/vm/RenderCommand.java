package io.dcloud.cli.vm;

import io.dcloud.vm.inventory.DomainCapabilities;
import io.dcloud.vm.inventory.HostRefusedException;
import io.dcloud.vm.lifecycle.VmManager;
import io.dcloud.vm.spec.InvalidSpecException;
import io.dcloud.vm.spec.VmSpecFile;
import io.dcloud.vm.xml.DomainFiles;
import io.dcloud.vm.xml.DomainOptions;
import io.dcloud.vm.xml.DomainXml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `dcloud vm render`: the domain XML dcloud would define for a spec, without touching libvirt. */
@Command(name = "render", description = "Print the libvirt domain XML for a spec file (touches no libvirt).")
public final class RenderCommand implements Callable<Integer> {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help.")
    boolean help;

    @Option(names = "--spec", required = true, description = "The VM spec (YAML; keys in vm-manager/README.md).")
    Path specFile;

    @Option(
            names = "--host-caps",
            description =
                    "Domain capabilities of the target host (virsh domcapabilities); refuses kinds it cannot run.")
    Path hostCaps;

    @Option(names = "--storage-dir", description = "Directory of the VM disks the XML points at.")
    Path storageDir = VmManager.DEFAULT_STORAGE;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        try {
            var vm = VmSpecFile.read(specFile);
            var options = DomainOptions.kvm();
            if (hostCaps != null) {
                var caps = DomainCapabilities.parse(Files.readString(hostCaps));
                caps.requireSupports(vm);
                options = caps.domainOptions();
            }
            var out = spec.commandLine().getOut();
            out.print(DomainXml.render(vm, options, DomainFiles.in(storageDir, vm.name())));
            out.flush();
            return 0;
        } catch (InvalidSpecException e) {
            err.println("invalid spec " + specFile + ": " + e.getMessage());
            return 2;
        } catch (HostRefusedException e) {
            err.println("refused by the host: " + e.getMessage());
            return 3;
        }
    }
}

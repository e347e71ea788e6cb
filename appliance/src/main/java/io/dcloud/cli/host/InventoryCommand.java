package io.dcloud.cli.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.inventory.PciDevice;
import io.dcloud.vm.libvirt.Connections;
import io.dcloud.vm.libvirt.LibvirtCallException;
import io.dcloud.vm.lifecycle.VmManager;
import io.dcloud.vm.spec.VmKind;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.libvirt.LibvirtException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `dcloud host inventory`: the host inventory offers are derived from. */
@Command(name = "inventory", description = "Print the host inventory read through libvirt.")
public final class InventoryCommand implements Callable<Integer> {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help.")
    boolean help;

    @Option(
            names = "--libvirt",
            defaultValue = "qemu:///system",
            description = "libvirt URI (default: ${DEFAULT-VALUE}).")
    String uri;

    @Option(
            names = "--storage-dir",
            description = "Directory of dcloud's VM disks, for free space (default: /var/lib/dcloud/vms).")
    Path storageDir = VmManager.DEFAULT_STORAGE;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        HostInventory inventory;
        try {
            var connect = Connections.open(uri);
            try {
                inventory = HostInventory.read(connect, storageDir);
            } finally {
                connect.close();
            }
        } catch (LibvirtException | LibvirtCallException e) {
            spec.commandLine().getErr().println("cannot read the host inventory from " + uri + ": " + e.getMessage());
            return 1;
        }
        var out = spec.commandLine().getOut();
        var view = view(inventory);
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(view));
        } else {
            view.forEach((key, value) -> out.println(key + ": " + value));
        }
        return 0;
    }

    static Map<String, Object> view(HostInventory inventory) {
        var domain = inventory.domain();
        var view = new LinkedHashMap<String, Object>();
        view.put("hypervisor", domain.domainType() + " (" + domain.machine() + ")");
        view.put(
                "offers",
                List.of(VmKind.values()).stream()
                        .filter(inventory::offers)
                        .map(VmKind::label)
                        .toList());
        view.put("cpus", inventory.host().cpus());
        view.put("memoryMiB", inventory.host().memoryKiB() / 1024);
        view.put("freeDiskGiB", inventory.freeDiskBytes() >> 30);
        view.put("iommu", inventory.host().iommu());
        view.put("vfio", domain.vfio());
        view.put(
                "sev",
                domain.sev()
                        .<Object>map(s -> Map.of(
                                "snp", s.snp(),
                                "cbitpos", s.cbitpos(),
                                "reducedPhysBits", s.reducedPhysBits(),
                                "maxGuests", s.maxGuests(),
                                "maxEsGuests", s.maxEsGuests()))
                        .orElse("no"));
        view.put("tdx", domain.tdx());
        view.put("gpus", inventory.gpus().stream().map(InventoryCommand::gpu).toList());
        return view;
    }

    private static Map<String, Object> gpu(PciDevice d) {
        var gpu = new LinkedHashMap<String, Object>();
        gpu.put("address", d.address().toString());
        gpu.put("vendor", d.vendorId() + " " + d.vendor());
        gpu.put("product", d.productId() + " " + d.product());
        gpu.put("iommuGroup", d.iommuGroup());
        gpu.put(
                "iommuGroupMembers",
                d.iommuGroupMembers().stream().map(Object::toString).toList());
        gpu.put("driver", d.driver());
        return gpu;
    }
}

package io.dcloud.cli.vm;

import io.dcloud.vm.libvirt.Connections;
import io.dcloud.vm.lifecycle.VmManager;
import io.dcloud.vm.network.DcloudNetwork;
import io.dcloud.vm.network.NatNetwork;
import io.dcloud.vm.storage.VmStorage;
import java.nio.file.Path;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import picocli.CommandLine.Option;

/** The libvirt connection and storage directory every VM command shares. */
public final class LibvirtOptions {
    @Option(
            names = "--libvirt",
            defaultValue = "qemu:///system",
            description = "libvirt URI (default: ${DEFAULT-VALUE}).")
    String uri;

    @Option(names = "--storage-dir", description = "Directory of dcloud's VM disks (default: /var/lib/dcloud/vms).")
    Path storageDir = VmManager.DEFAULT_STORAGE;

    public Connect connect() throws LibvirtException {
        return Connections.open(uri);
    }

    public Path storageDir() {
        return storageDir;
    }

    VmManager manager(Connect connect) {
        return new VmManager(
                connect,
                new VmStorage(connect, "dcloud", storageDir),
                new DcloudNetwork(connect, NatNetwork.defaults()));
    }
}

package io.dcloud.cli.vm;

import io.dcloud.vm.lifecycle.VmManager;
import picocli.CommandLine.Command;

/** `dcloud vm destroy`: Remove a dcloud VM with its disk, seed and DHCP entry (nothing there is fine). */
@Command(
        name = "destroy",
        description = "Remove a dcloud VM with its disk, seed and DHCP entry (nothing there is fine).")
public final class DestroyCommand extends VmAction {

    @Override
    String act(VmManager vms, String name) throws Exception {
        vms.destroy(name);
        return "";
    }
}

package io.dcloud.cli.vm;

import io.dcloud.vm.lifecycle.VmManager;
import picocli.CommandLine.Command;

/** `dcloud vm start`: Start a dcloud VM (nothing happens if it runs). */
@Command(name = "start", description = "Start a dcloud VM (nothing happens if it runs).")
public final class StartCommand extends VmAction {

    @Override
    String act(VmManager vms, String name) throws Exception {
        vms.start(name);
        return "";
    }
}

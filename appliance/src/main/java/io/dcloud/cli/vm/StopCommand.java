package io.dcloud.cli.vm;

import io.dcloud.vm.lifecycle.VmManager;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `dcloud vm stop`: Shut a dcloud VM down by ACPI; force it off after the grace period. */
@Command(name = "stop", description = "Shut a dcloud VM down by ACPI; force it off after the grace period.")
public final class StopCommand extends VmAction {

    @Option(
            names = "--grace",
            defaultValue = "60",
            description = "Seconds to wait for the guest before forcing it off (default: ${DEFAULT-VALUE}).")
    long graceSeconds;

    @Override
    String act(VmManager vms, String name) throws Exception {
        return switch (vms.stop(name, Duration.ofSeconds(graceSeconds))) {
            case ALREADY_OFF -> "was not running";
            case SHUT_DOWN -> "shut down by the guest";
            case FORCED -> "forced off: the guest did not shut down within " + graceSeconds + " s";
        };
    }
}

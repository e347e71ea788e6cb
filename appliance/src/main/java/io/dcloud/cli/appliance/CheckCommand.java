package io.dcloud.cli.appliance;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "check", description = "Validate a config file and list every problem (exit 2), or print OK.")
final class CheckCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        return config.load(spec.commandLine().getErr())
                .map(c -> {
                    out.println("OK: " + config.file + " (provider "
                            + c.provider().name() + ", domain " + c.provider().domain() + ", API port "
                            + c.listeners().api() + ")");
                    return 0;
                })
                .orElse(ConfigOption.INVALID_CONFIG);
    }
}

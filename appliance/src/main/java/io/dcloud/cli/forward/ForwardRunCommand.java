package io.dcloud.cli.forward;

import io.dcloud.cli.UntilStopped;
import io.dcloud.forward.PortForwarder;
import io.dcloud.forward.config.ForwarderFile;
import io.dcloud.relay.Transport;
import io.dcloud.sni.config.ConfigException;
import io.dcloud.sni.config.ConfigReloader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the forwarder from a YAML file until killed; mappings are re-applied on change or SIGHUP. */
@Command(
        name = "run",
        description =
                "Run the forwarder from a YAML file (mappings re-read on change or SIGHUP; see port-forwarder/README.md).")
public final class ForwardRunCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Forwarder YAML file.")
    Path config;

    @Option(
            names = "--cut-removed",
            description = "Close live connections of mappings removed from the file (default: keep them).")
    boolean cutRemoved;

    @Override
    public Integer call() throws Exception {
        ForwarderFile initial;
        try {
            initial = ForwarderFile.read(config);
        } catch (ConfigException e) {
            System.err.println("dcloud forward: " + e.getMessage());
            return 2;
        }
        PortForwarder forwarder = PortForwarder.start(initial.config());
        try {
            forwarder.apply(initial.mappings());
        } catch (IllegalStateException e) {
            System.err.println("dcloud forward: " + e.getMessage());
        }
        ConfigReloader<ForwarderFile> reloader = new ConfigReloader<>(
                        config,
                        ForwarderFile::read,
                        next -> {
                            if (!next.config().equals(initial.config())) {
                                System.err.println("dcloud forward: timeouts and limits apply at restart;"
                                        + " mappings are applied now");
                            }
                            forwarder.apply(next.mappings(), cutRemoved);
                        },
                        message -> System.err.println("dcloud forward: " + message))
                .watch();
        System.out.printf(
                "dcloud forward: %d mappings open, %s transport; %s%n",
                forwarder.mappings().size(), Transport.name(), reloader.reloadHint());
        UntilStopped.await("dcloud-forward-stop", () -> {
            reloader.close();
            forwarder.close();
        });
        return 0;
    }
}

package io.dcloud.cli.proxy;

import io.dcloud.cli.UntilStopped;
import io.dcloud.relay.HostPort;
import io.dcloud.relay.Transport;
import io.dcloud.sni.SniRouter;
import io.dcloud.sni.config.ConfigException;
import io.dcloud.sni.config.ConfigReloader;
import io.dcloud.sni.config.RouterFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the router from a YAML file until killed; the file is re-read on change or SIGHUP. */
@Command(
        name = "run",
        description = "Run the router from a YAML file (routes re-read on change or SIGHUP; see sni-proxy/README.md).")
public final class ProxyRunCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Router YAML file.")
    Path config;

    @Override
    public Integer call() throws Exception {
        RouterFile initial;
        try {
            initial = RouterFile.read(config);
        } catch (ConfigException e) {
            System.err.println("dcloud proxy: " + e.getMessage());
            return 2;
        }
        SniRouter router = SniRouter.start(initial.config());
        router.replaceRoutes(initial.routes(), false);
        ConfigReloader<RouterFile> reloader = new ConfigReloader<>(
                        config,
                        RouterFile::read,
                        next -> {
                            if (!next.config().equals(initial.config())) {
                                System.err.println("dcloud proxy: listeners, timeouts and limits apply at restart;"
                                        + " routes are applied now");
                            }
                            router.replaceRoutes(next.routes(), false);
                        },
                        message -> System.err.println("dcloud proxy: " + message))
                .watch();
        System.out.printf(
                "dcloud proxy: tls on %s, http on %s, %d routes, %s transport; %s%n",
                router.tlsAddress() == null ? "-" : HostPort.of(router.tlsAddress()),
                router.httpAddress() == null ? "-" : HostPort.of(router.httpAddress()),
                router.routes().size(),
                Transport.name(),
                reloader.reloadHint());
        UntilStopped.await("dcloud-proxy-stop", () -> {
            reloader.close();
            router.close();
        });
        return 0;
    }
}

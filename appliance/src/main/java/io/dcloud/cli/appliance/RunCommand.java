package io.dcloud.cli.appliance;

import io.dcloud.appliance.Appliance;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "run", description = "Start the appliance from its config; stops cleanly on SIGTERM or Ctrl-C.")
final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        var loaded = config.load(spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return ConfigOption.INVALID_CONFIG;
        }
        var c = loaded.get();
        var out = spec.commandLine().getOut();
        Appliance appliance;
        try {
            appliance = Appliance.start(c, System.getenv(), Clock.systemUTC());
        } catch (Exception e) {
            // the config was valid, the host refused (port taken, unreadable key file, no libvirt, ...): say what
            spec.commandLine().getErr().println("dcloud appliance: cannot start: " + e.getMessage());
            return 1;
        }
        var stopped = new CountDownLatch(1);
        // SIGTERM and Ctrl-C run shutdown hooks: stop the server there, then let the main thread return
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                appliance.close();
                            } catch (Exception e) {
                                out.println("dcloud appliance: while stopping: " + e.getMessage());
                            }
                            out.println("dcloud appliance: stopped");
                            out.flush();
                            stopped.countDown();
                        },
                        "dcloud-appliance-stop"));
        var api = appliance.api();
        out.println("dcloud appliance: management API listening on https://"
                + c.listeners().bindAddress() + ":"
                + api.port() + " (certificate SHA-256 "
                + api.settings().identity().fingerprint() + ", "
                + api.settings().tokens().count() + " admin token(s))");
        var router = appliance.host().dataPlane().router();
        out.println(
                "dcloud appliance: SNI router on " + router.tlsAddress() + ", Host router on " + router.httpAddress()
                        + "; reconciling rentals of " + c.provider().name());
        out.flush();
        stopped.await();
        return 0;
    }
}

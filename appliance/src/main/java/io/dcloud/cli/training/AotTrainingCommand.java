package io.dcloud.cli.training;

import io.dcloud.forward.PortForwarder;
import io.dcloud.forward.config.ForwarderFile;
import io.dcloud.sni.SniRouter;
import io.dcloud.sni.config.RouterFile;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dcloud aot-training}: the training run of the JVM's ahead-of-time cache (JDK 25, JEP 483/515). The
 * launcher runs it once per build with {@code -XX:AOTCacheOutput}; the JVM then records which classes the data
 * plane loads and how its hot methods behave, so that a router or forwarder started later with that cache
 * serves at its steady rate seconds after start instead of after ~20 s of JIT warm-up. It starts the router
 * and the forwarder from YAML files, as {@code proxy run} and {@code forward run} do, on loopback in front of
 * an echo, and drives TLS, HTTP, TCP and UDP through them, checking every reply.
 */
@Command(
        name = "aot-training",
        hidden = true,
        description =
                "Drive the router and forwarder on loopback for a while (the training run of the JVM's AOT cache).")
public final class AotTrainingCommand implements Callable<Integer> {
    static final String SERVER_NAME = "training.dcloud.invalid";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--seconds",
            defaultValue = "10",
            description = "How long to drive traffic (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        if (seconds < 1) {
            spec.commandLine().getErr().println("dcloud aot-training: --seconds must be at least 1");
            return 2;
        }
        Path dir = Files.createTempDirectory("dcloud-aot-training");
        try (EchoBackend echo = new EchoBackend()) {
            String backend = "127.0.0.1:" + echo.tcpPort();
            RouterFile routerFile = RouterFile.read(
                    Files.writeString(dir.resolve("router.yaml"), """
                    listeners: { tls: "127.0.0.1:0", http: "127.0.0.1:0" }
                    defaultBackend: "%s"
                    threads: 1
                    routes:
                      - { name: "%s", backend: "%s" }
                    """.formatted(backend, SERVER_NAME, backend)));
            ForwarderFile forwarderFile = ForwarderFile.read(
                    Files.writeString(dir.resolve("forward.yaml"), """
                    threads: 1
                    mappings:
                      - { listen: "127.0.0.1:0", backend: "%s", protocol: tcp }
                      - { listen: "127.0.0.1:0", backend: "127.0.0.1:%d", protocol: udp }
                    """.formatted(backend, echo.udpPort())));
            try (SniRouter router = SniRouter.start(routerFile.config());
                    PortForwarder forwarder = PortForwarder.start(forwarderFile.config());
                    DatagramSocket udpClient = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                router.replaceRoutes(routerFile.routes(), false);
                forwarder.apply(forwarderFile.mappings());
                int tls = router.tlsAddress().getPort();
                int http = router.httpAddress().getPort();
                int tcp =
                        forwarder.boundAddress(forwarderFile.mappings().get(0)).getPort();
                int udp =
                        forwarder.boundAddress(forwarderFile.mappings().get(1)).getPort();
                udpClient.setSoTimeout(10_000);
                TrainingClient client = new TrainingClient(SERVER_NAME);
                long rounds = 0;
                long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                while (System.nanoTime() < end) {
                    client.tls(tls);
                    client.http(http);
                    client.tcp(tcp);
                    client.udp(udpClient, udp);
                    rounds++;
                }
                spec.commandLine()
                        .getOut()
                        .printf(
                                "dcloud aot-training: %d rounds of TLS, HTTP, TCP and UDP echoes through the router"
                                        + " and forwarder in %d s%n",
                                rounds, seconds);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
        return 0;
    }
}

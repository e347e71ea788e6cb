package io.dcloud.cli.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's main job: a whole rental on this machine. The outer run makes the demo's network namespace with its
 * own libvirtd and runs itself again inside it ({@code --inside}), so the guest's private address is only ever
 * reached from inside; then it removes the namespace again, also after Ctrl-C.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run a whole rental on this machine: a local chain (anvil) with the marketplace contracts, a provider",
            "that registers and publishes an offer, the appliance (reconciler, SNI router, port-forwarder) on a real",
            "libvirtd + QEMU, and a tenant who rents a VM, logs in over SSH through a forwarded port, reaches its",
            "HTTPS server through the SNI router, and ends the rental. Needs root (network namespace, libvirtd)."
        })
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--keep", description = "Keep the VM running after the checks until Ctrl-C.")
    boolean keep;

    enum Story {
        rental,
        resilience
    }

    @Option(
            names = "--story",
            defaultValue = "rental",
            description = "rental (default): one rental from request to refund. resilience: kill -9 the appliance "
                    + "while it provisions, then stop the ledger under a running VM.")
    Story story;

    @Option(names = "--inside", hidden = true, description = "Internal: already inside the demo namespace.")
    boolean inside;

    @Override
    public Integer call() throws Exception {
        var progress = new Progress(System.out);
        if (inside) {
            Path work = Files.createTempDirectory("dcloud-demo-");
            try (var world = new DemoWorld(progress, work)) {
                world.start();
                switch (story) {
                    case rental -> RentalStory.run(world, keep);
                    case resilience -> ResilienceStory.run(world);
                }
                return 0;
            } catch (Exception e) {
                progress.step("demo failed: " + e);
                return 1;
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("dcloud demo: needs root (it creates a network namespace and runs libvirtd in it)");
            return 2;
        }
        for (String tool : List.of("libvirtd", "virtlogd", "qemu-system-x86_64", "ip", "ssh", "curl")) {
            if (!onPath(tool)) {
                System.err.println("dcloud demo: '" + tool + "' is missing; ./dcloud demo installs the packages of "
                        + "scripts/lib/packages.txt, or run: apt-get install libvirt-daemon-system qemu-system-x86");
                return 2;
            }
        }
        progress.step(
                "network namespace '" + DemoNamespace.NAME + "' with its own libvirtd (guest addresses stay in it)");
        try (var namespace = DemoNamespace.create()) {
            Process child = new ProcessBuilder(DemoNamespace.inside(selfWith("--inside")))
                    .inheritIO()
                    .start();
            Thread stopChild = new Thread(() -> {
                child.destroy();
                try {
                    child.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(stopChild);
            int exit = child.waitFor();
            Runtime.getRuntime().removeShutdownHook(stopChild);
            progress.step("removing the namespace and its libvirtd");
            return exit;
        }
    }

    /** This very JVM's command line, plus {@code extra}: the demo runs itself again inside the namespace. */
    private List<String> selfWith(String extra) {
        var info = ProcessHandle.current().info();
        List<String> command = new ArrayList<>();
        command.add(info.command().orElseThrow(() -> new IllegalStateException("cannot tell which java runs this")));
        command.addAll(List.of(info.arguments().orElseThrow(() -> new IllegalStateException("no JVM arguments"))));
        command.add(extra);
        return command;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool)) || Files.isExecutable(Path.of("/usr/sbin", tool))) {
                return true;
            }
        }
        return false;
    }
}

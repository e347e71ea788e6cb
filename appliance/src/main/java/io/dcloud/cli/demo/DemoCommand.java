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
            "HTTPS server through the SNI router, and ends the rental. Needs root (network namespace, libvirtd).",
            "Without root, libvirtd or QEMU it runs the same rental on libvirt's built-in test driver instead and",
            "says so: VMs are defined and 'run' in memory, nothing boots, so SSH and HTTPS are not checked."
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

    enum Hypervisor {
        auto,
        qemu,
        test
    }

    @Option(
            names = "--hypervisor",
            defaultValue = "auto",
            description = "auto (default): QEMU through libvirtd when this machine can (root, libvirtd, QEMU),"
                    + " else libvirt's test driver. qemu: refuse to fall back. test: the test driver.")
    Hypervisor hypervisor;

    @Option(names = "--inside", hidden = true, description = "Internal: already inside the demo namespace.")
    boolean inside;

    @Override
    public Integer call() throws Exception {
        var progress = new Progress(System.out);
        if (inside) {
            return runStory(progress, false);
        }
        String missing = hypervisor == Hypervisor.test ? "--hypervisor test" : missingForQemu();
        if (missing != null) {
            if (hypervisor == Hypervisor.qemu) {
                System.err.println("dcloud demo: " + missing);
                return 2;
            }
            if (story != Story.rental) {
                System.err.println("dcloud demo: the " + story + " story needs real guests, and " + missing);
                return 2;
            }
            progress.step("libvirt's built-in test driver instead of libvirtd + QEMU (" + missing + "): VMs are"
                    + " defined and run in this process's memory only, no guest boots, so SSH and HTTPS to the VM"
                    + " cannot be checked");
            return runStory(progress, true);
        }
        progress.step(
                "network namespace '" + DemoNamespace.NAME + "' with its own libvirtd (guest addresses stay in it)");
        try (var namespace = DemoNamespace.create()) {
            Process child = new ProcessBuilder(DemoNamespace.inside(selfWith("--inside")))
                    .inheritIO()
                    .start();
            // Ctrl-C: the JVM halts once its hooks finish, so the hook itself waits for the inner demo's own
            // cleanup (VM, chain, appliance) and then removes the namespace; the lines below may never run.
            Thread onInterrupt = new Thread(() -> {
                stopAndWait(child);
                progress.step("interrupted: removing the namespace and its libvirtd");
                namespace.closeQuietly();
            });
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            int exit = child.waitFor();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                return exit; // interrupted: the hook owns the cleanup
            }
            progress.step("removing the namespace and its libvirtd");
            return exit;
        }
    }

    private static void stopAndWait(Process child) {
        child.destroy();
        try {
            child.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Integer runStory(Progress progress, boolean testDriver) throws Exception {
        Path work = Files.createTempDirectory("dcloud-demo-");
        try (var world = new DemoWorld(progress, work, testDriver)) {
            try {
                world.start();
                switch (story) {
                    case rental -> RentalStory.run(world, keep);
                    case resilience -> ResilienceStory.run(world);
                }
                return 0;
            } catch (Exception e) {
                progress.step("demo failed: " + e);
                world.keepWorkForInspection();
                return 1;
            }
        }
    }

    /** Why the real demo cannot run here, or null when it can. */
    private static String missingForQemu() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not root: the real demo makes a network namespace and runs libvirtd in it";
        }
        for (String tool : List.of("libvirtd", "virtlogd", "qemu-system-x86_64", "ip", "ssh", "curl")) {
            if (!onPath(tool)) {
                return "'" + tool + "' is missing (./dcloud demo installs scripts/lib/packages.txt when it can)";
            }
        }
        return null;
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

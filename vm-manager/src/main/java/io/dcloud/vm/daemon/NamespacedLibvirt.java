package io.dcloud.vm.daemon;

import io.dcloud.vm.libvirt.Connections;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * virtlogd + libvirtd started inside a network namespace of their own (tests, {@code dcloud demo}), so the NAT
 * bridge, dnsmasq and the guests' addresses never appear in the root namespace; clients that talk to a guest run
 * through {@link #exec}. Only one libvirtd can own /run/libvirt: starting stops the daemons an earlier run left.
 */
public final class NamespacedLibvirt implements AutoCloseable {
    private static final List<Path> PID_FILES = List.of(Path.of("/run/libvirtd.pid"), Path.of("/run/virtlogd.pid"));

    /**
     * Where /dev/kvm exists but only root may open it (no udev), libvirtd (root) probes QEMU with KVM while QEMU
     * (libvirt-qemu) cannot use it, so libvirt's capability cache is invalid on every lookup and each libvirt call
     * re-probes QEMU for seconds. In the daemons' private mount namespace, a copy of the node with the group access
     * udev would give makes the two agree, and a qemu.conf without per-domain /dev namespaces keeps libvirt from
     * moving that bind mount. The host's /dev/kvm and /etc stay untouched; guests still run under TCG.
     */
    private static final String KVM_NODE_FOR_QEMU = "if [ -c /dev/kvm ] && [ \"$(stat -c %a /dev/kvm)\" = 600 ]; then "
            + "d=$(mktemp -d) && mknod \"$d/kvm\" c $((0x$(stat -c %t /dev/kvm))) $((0x$(stat -c %T /dev/kvm))) "
            + "&& chgrp kvm \"$d/kvm\" && chmod 0660 \"$d/kvm\" && mount --bind \"$d/kvm\" /dev/kvm "
            + "&& { cat /etc/libvirt/qemu.conf; echo 'namespaces = []'; } >\"$d/qemu.conf\" "
            + "&& mount --bind \"$d/qemu.conf\" /etc/libvirt/qemu.conf && rm -rf \"$d\"; fi; ";

    private final String netns;

    private NamespacedLibvirt(String netns) {
        this.netns = netns;
    }

    /** Creates network namespace {@code netns} (anew) and starts the daemons in it. Needs root. */
    public static NamespacedLibvirt start(String netns) throws IOException {
        stopDaemons();
        deleteNamespace(netns);
        run("ip", "netns", "add", netns);
        run("ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up");
        run(
                "ip",
                "netns",
                "exec",
                netns,
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                KVM_NODE_FOR_QEMU + "virtlogd -d && libvirtd -d");
        return new NamespacedLibvirt(netns);
    }

    public String netns() {
        return netns;
    }

    /** A connection to this libvirtd ({@code qemu:///system}), once its socket answers (bounded wait). */
    public Connect connect(Duration timeout) throws LibvirtException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return Connections.open("qemu:///system");
            } catch (LibvirtException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Runs {@code command} inside the namespace; output is stdout and stderr together. */
    public Result exec(Duration timeout, String... command) throws IOException {
        var full = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        full.addAll(List.of(command));
        return Result.of(timeout, full.toArray(String[]::new));
    }

    /** Stops the daemons and removes the namespace. */
    @Override
    public void close() throws IOException {
        stopDaemons();
        deleteNamespace(netns);
    }

    /** A finished command: its exit code ({@code -1} on timeout) and output. */
    public record Result(int exit, String output) {
        public static Result of(Duration timeout, String... command) throws IOException {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    return new Result(-1, "timed out: " + String.join(" ", command));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted: " + String.join(" ", command), e);
            }
            return new Result(
                    process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void stopDaemons() throws IOException {
        for (Path pidFile : PID_FILES) {
            if (!Files.exists(pidFile)) {
                continue;
            }
            var daemon =
                    ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
            if (daemon.isPresent()) {
                daemon.get().destroy();
                try {
                    daemon.get().onExit().get(15, TimeUnit.SECONDS);
                } catch (Exception e) {
                    daemon.get().destroyForcibly();
                }
            }
            Files.deleteIfExists(pidFile);
        }
    }

    private static void deleteNamespace(String netns) throws IOException {
        Result.of(Duration.ofSeconds(10), "sh", "-c", "ip netns del \"$0\" 2>/dev/null; true", netns);
    }

    private static void run(String... command) throws IOException {
        var result = Result.of(Duration.ofSeconds(30), command);
        if (result.exit() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + result.exit() + "): " + result.output());
        }
    }
}

package io.dcloud.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * End to end, as a provider runs it: the packaged {@code dcloud demo} (anvil + contracts, libvirtd + QEMU booting
 * the test guest inside the demo's network namespace, reconciler, SNI router, port-forwarder). The demo checks ssh
 * through the forwarder, HTTPS through the router to the guest's own certificate, claim, early end with refund and
 * teardown, and exits non-zero when any of them fails; this test also reads what it printed.
 */
class DemoIT {
    /** The rental story prints `--deployment WORK/deployment.json`, the resilience story `(log WORK/appliance.log)`. */
    private static final Pattern WORK_FILE = Pattern.compile("(/\\S+)/(?:deployment\\.json|appliance\\.log)");

    @Test
    void aWholeRentalRunsAndLeavesNothingBehind() throws Exception {
        String out = demo("rental");
        assertTrue(out.contains("is Active"), out);
        assertTrue(out.contains("checked: ssh -p 20000 root@127.0.0.1 logs in with the tenant's key"), out);
        assertTrue(
                out.contains("checked: https://demo.provider.example/ through the SNI router reaches the VM's own TLS"),
                out);
        assertTrue(out.contains("checked: the management API lists it"), out);
        assertTrue(out.contains("checked: GET /offers shows the offer as the ledger holds it"), out);
        assertTrue(out.contains("(signed with the tenant's key, no admin token) answers"), out);
        assertTrue(out.contains("checked: GET /metrics counts the connections the tenant just made"), out);
        assertTrue(out.contains("dcloud end 1 --deployment "), out);
        assertTrue(out.contains("checked: the refund arrived"), out);
        assertTrue(
                out.contains("checked: GET /routes and /ports no longer list rental 1, and port 20000 refuses"), out);
        assertTrue(out.contains("VM, disk, seed, route and ports are gone"), out);
        assertTrue(out.contains("demo complete"), out);
        assertNothingLeft();
        assertWorkDirectoryRemoved(out);
    }

    @Test
    void theApplianceSurvivesKillNineAndALedgerOutage() throws Exception {
        String out = demo("resilience");
        assertTrue(out.contains("kill -9 the appliance while it provisions"), out);
        assertTrue(out.contains("is Active with exactly one VM [rental-1]"), out);
        assertTrue(out.contains("checked: readiness says"), out);
        assertTrue(out.contains("checked: https://crash.provider.example/ through the SNI router"), out);
        assertTrue(out.contains("checked: rental 2 after the outage is Active"), out);
        assertTrue(out.contains("cannot be reached: tenants are isolated on the shared bridge"), out);
        assertTrue(out.contains("checked: no domain and no volume left"), out);
        assertTrue(out.contains("resilience demo complete"), out);
        assertNothingLeft();
        assertWorkDirectoryRemoved(out);
    }

    /** Where libvirtd or QEMU cannot run, the same rental on libvirt's test driver, and the demo says so. */
    @Test
    void withoutAHypervisorTheRentalRunsOnLibvirtsTestDriver() throws Exception {
        String out = demo("rental", "--hypervisor", "test");
        assertTrue(out.contains("libvirt's built-in test driver instead of libvirtd + QEMU"), out);
        assertTrue(out.contains("is Active"), out);
        assertTrue(out.contains("not checked: ssh through port 20000"), out);
        assertTrue(out.contains("checked: GET /routes has the rental's entries"), out);
        assertTrue(out.contains("checked: GET /ports has the rental's entries"), out);
        assertTrue(out.contains("(signed with the tenant's key, no admin token) answers"), out);
        assertTrue(out.contains("dcloud end 1 --deployment "), out);
        assertTrue(out.contains("checked: the refund arrived"), out);
        assertTrue(
                out.contains("checked: GET /routes and /ports no longer list rental 1, and port 20000 refuses"), out);
        assertTrue(out.contains("VM, disk, seed, route and ports are gone"), out);
        assertTrue(out.contains("demo complete"), out);
        assertTrue(!out.contains("network namespace"), "no namespace, no libvirtd: " + out);
        assertWorkDirectoryRemoved(out);
    }

    /** Ctrl-C while --keep holds the VM: the demo ends, and the VM, its files and the namespace go with it. */
    @Test
    void ctrlCEndsAKeptDemoAndLeavesNothingBehind() throws Exception {
        Process demo = new ProcessBuilder(command("rental", "--keep"))
                .redirectErrorStream(true)
                .start();
        var out = new StringBuffer();
        var kept = new CountDownLatch(1);
        Thread.ofPlatform().daemon().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    out.append(line).append('\n');
                    if (line.contains("--keep: the VM stays up until you press Ctrl-C")) {
                        kept.countDown();
                    }
                }
            } catch (IOException e) {
                out.append("reading the demo's output failed: ").append(e);
            }
        });
        try {
            assertTrue(kept.await(10, TimeUnit.MINUTES), () -> "the demo never reached --keep:\n" + out);
            assertEquals(
                    0,
                    Commands.run(Duration.ofSeconds(10), "kill", interruptSignal(), Long.toString(demo.pid()))
                            .exit());
            assertTrue(demo.waitFor(3, TimeUnit.MINUTES), () -> "the demo did not end after Ctrl-C:\n" + out);
        } finally {
            demo.destroyForcibly();
        }
        assertTrue(out.toString().contains("interrupted: removing the namespace and its libvirtd"), out::toString);
        var qemu = Commands.run(Duration.ofSeconds(10), "pgrep", "-f", "qemu-system");
        assertEquals(1, qemu.exit(), () -> "a guest outlived the demo: " + qemu.output());
        assertNothingLeft();
        assertWorkDirectoryRemoved(out.toString());
    }

    /**
     * Ctrl-C's SIGINT, unless this JVM started with SIGINT ignored (a background job of a shell without job
     * control, as a CI runner may start it): the demo's JVM inherits that and would keep ignoring it, so then
     * SIGTERM, which runs the same shutdown hook.
     */
    private static String interruptSignal() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                long ignored = Long.parseUnsignedLong(
                        line.substring("SigIgn:".length()).strip(), 16);
                return (ignored & 0b10) != 0 ? "-TERM" : "-INT"; // bit 1 is signal 2, SIGINT
            }
        }
        return "-INT";
    }

    private static String demo(String story, String... more) throws Exception {
        var command = command(story, more);
        var result = Commands.run(Duration.ofMinutes(15), command);
        System.out.println(result.output());
        assertEquals(
                0,
                result.exit(),
                "dcloud " + String.join(" ", command.subList(5, command.size())) + " failed:\n" + result.output());
        return result.output();
    }

    private static List<String> command(String story, String... more) {
        Path jar = Path.of("target", "dcloud.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the distribution is packaged before integration tests: " + jar);
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new java.util.ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Ddcloud.root.dir=" + System.getProperty("dcloud.root.dir"),
                "-jar",
                jar.toString(),
                "demo",
                "--story",
                story));
        command.addAll(List.of(more));
        return command;
    }

    /** The demo's work directory (config, keys, chain state, logs), named in what it printed, is gone. */
    private static void assertWorkDirectoryRemoved(String out) {
        Matcher named = WORK_FILE.matcher(out);
        assertTrue(named.find(), () -> "the demo names a file in its work directory:\n" + out);
        Path work = Path.of(named.group(1));
        assertTrue(work.getFileName().toString().startsWith("dcloud-demo-"), work::toString);
        assertFalse(Files.exists(work), () -> "the demo left " + work + " behind");
    }

    private static void assertNothingLeft() throws Exception {
        var namespaces = Commands.run(Duration.ofSeconds(10), "ip", "netns", "list");
        assertTrue(!namespaces.output().contains(DemoNamespace.NAME), "namespace removed: " + namespaces.output());
        try (var left = Files.list(Path.of("/var/lib/dcloud/vms"))) {
            assertEquals(List.of(), left.toList(), "no overlay, seed ISO or log left behind");
        }
    }
}

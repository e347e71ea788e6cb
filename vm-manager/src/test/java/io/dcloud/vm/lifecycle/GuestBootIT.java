package io.dcloud.vm.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcloud.vm.daemon.NamespacedLibvirt;
import io.dcloud.vm.guest.TestGuest;
import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.network.DcloudNetwork;
import io.dcloud.vm.network.NatNetwork;
import io.dcloud.vm.spec.CloudInit;
import io.dcloud.vm.spec.DcloudMetadata;
import io.dcloud.vm.spec.DirectBoot;
import io.dcloud.vm.spec.NetworkAttachment;
import io.dcloud.vm.spec.PortBlock;
import io.dcloud.vm.spec.VmKind;
import io.dcloud.vm.spec.VmSpec;
import io.dcloud.vm.storage.VmStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots the real test guest under QEMU (TCG) through a real libvirtd in a network namespace: DHCP lease, ready line,
 * SSH with the injected key and TLS on 443, the overlay on disk, clean-traffic and isolated ports (with a second
 * guest), a clean and a forced stop, a crash, then destroy leaves nothing behind. Prints the timings it measured.
 */
class GuestBootIT {
    private static final String NAME = "dcloud-it-guest";
    /** A second guest on the same network, booted only to show that the two cannot reach each other. */
    private static final String PEER = "dcloud-it-peer";

    private static final NatNetwork NETWORK =
            new NatNetwork("dcloud-it", "dcit0", "10.78.0.1", "255.255.255.0", "10.78.0.2", "10.78.0.254");
    private static final Path POOL_DIR = Path.of("/var/lib/dcloud/it-vms");

    @TempDir
    Path keys;

    @Test
    void bootsReachesAndDestroysTheTestGuest() throws Exception {
        var guest = TestGuest.ensureBuilt();
        var key = keys.resolve("id_ed25519");
        assertEquals(
                0,
                NamespacedLibvirt.Result.of(
                                Duration.ofSeconds(20),
                                "ssh-keygen",
                                "-q",
                                "-t",
                                "ed25519",
                                "-N",
                                "",
                                "-f",
                                key.toString())
                        .exit());
        VmEvents.startEventLoop();
        try (var sandbox = NamespacedLibvirt.start("dcloud-it")) {
            var connect = sandbox.connect(Duration.ofSeconds(20));
            try {
                var inventory = HostInventory.read(connect, POOL_DIR);
                var network = new DcloudNetwork(connect, NETWORK);
                var storage = new VmStorage(connect, "dcloud-it", POOL_DIR);
                var manager = new VmManager(connect, storage, network);
                manager.destroy(NAME); // whatever a failed earlier run left
                manager.destroy(PEER);
                warmCapabilityCache(connect, guest);
                String publicKey =
                        Files.readString(keys.resolve("id_ed25519.pub")).strip();
                var spec = guestSpec(guest, NAME, "it-guest", "52:54:00:d0:0c:01", "10.78.0.10", "r-it-1", publicKey);
                var peer = guestSpec(guest, PEER, "it-peer", "52:54:00:d0:0c:02", "10.78.0.11", "r-it-2", publicKey);
                var events = new LinkedBlockingQueue<VmEvent>();
                try (var ignored = VmEvents.subscribe(connect, events::add)) {
                    long t0 = System.nanoTime();
                    var vm = manager.create(spec, inventory);
                    long created = System.nanoTime();
                    assertEquals(VmState.RUNNING, vm.state());
                    assertEquals("r-it-1", manager.list().getFirst().metadata().rentalId());

                    Path serial = storage.files(NAME).serialLog();
                    await("ready line on the serial console", Duration.ofSeconds(180), () -> read(serial)
                            .contains(TestGuest.READY_MARKER + " host=it-guest ip=10.78.0.10"));
                    long ready = System.nanoTime();
                    await("DHCP lease for 10.78.0.10", Duration.ofSeconds(10), () -> read(Path.of(
                                    "/var/lib/libvirt/dnsmasq/dcit0.status"))
                            .contains("10.78.0.10"));
                    var ssh = sshUntilItAnswers(sandbox, key);
                    long sshReady = System.nanoTime();
                    assertEquals("it-guest", ssh.strip());
                    var tls = sandbox.exec(
                            Duration.ofSeconds(30),
                            "sh",
                            "-c",
                            "openssl s_client -connect 10.78.0.10:443 -servername it.provider.example </dev/null 2>&1");
                    assertTrue(tls.output().contains("subject=CN = it-guest"), tls.output());
                    assertTrue(waitForEvent(events, e -> e.type().equals("STARTED")), "libvirt reported the start");
                    assertOverlayIsQcow2OnTheBase(storage.files(NAME).overlay(), guest.baseImage(), spec.diskGiB());
                    assertSpoofedSourceAddressesDoNotLeaveTheGuest(sandbox, key);
                    manager.create(peer, inventory);
                    try {
                        assertGuestsCannotReachEachOther(storage.files(PEER).serialLog(), sandbox, key);
                    } finally {
                        manager.destroy(PEER);
                    }

                    // stop: the ACPI power button, answered by the guest (no forced power-off needed).
                    long acpiStopMs = stopAndCheck(
                            manager,
                            events,
                            Duration.ofSeconds(60),
                            StopOutcome.SHUT_DOWN,
                            "SHUTDOWN",
                            "a clean shutdown, not a forced one");
                    manager.start(NAME);
                    assertEquals("it-guest", sshUntilItAnswers(sandbox, key).strip(), "back after start");

                    // A guest that ignores the power button is powered off once the grace period is over. Killing
                    // the guest's only listener for the button (its dd on the input device) makes it ignore ACPI.
                    var deaf = ssh(
                            sandbox,
                            key,
                            "i=0; while ! pidof dd >/dev/null && [ $i -lt 100 ]; do usleep 100000; i=$((i+1)); done;"
                                    + " killall dd");
                    assertEquals(0, deaf.exit(), "the guest's power-button listener was running: " + deaf.output());
                    long forcedStopMs = stopAndCheck(
                            manager,
                            events,
                            Duration.ofSeconds(3),
                            StopOutcome.FORCED,
                            "DESTROYED",
                            "libvirt reported a forced power-off");
                    assertTrue(forcedStopMs >= 3000, "the guest had its grace period first");

                    // A guest whose QEMU dies is reported as crashed, not as a clean stop.
                    manager.start(NAME);
                    long qemu = Long.parseLong(Files.readString(Path.of("/run/libvirt/qemu/" + NAME + ".pid"))
                            .strip());
                    ProcessHandle.of(qemu).orElseThrow().destroyForcibly();
                    assertTrue(waitForEvent(events, VmEvent::crashed), "libvirt reported the crash");
                    assertEquals(
                            VmState.SHUT_OFF, manager.get(NAME).orElseThrow().state());

                    long d0 = System.nanoTime();
                    manager.destroy(NAME);
                    long destroyed = System.nanoTime();
                    assertTrue(manager.get(NAME).isEmpty());
                    assertFalse(Arrays.asList(connect.listDefinedDomains()).contains(NAME));
                    assertTrue(network.hosts().isEmpty(), "no DHCP entry left");
                    try (var left = Files.list(POOL_DIR)) {
                        assertEquals(List.of(), left.toList(), "no overlay, seed or log left");
                    }
                    System.out.printf(
                            "dcloud-timings create-call=%dms ready-line=%dms ssh-ready=%dms acpi-stop=%dms forced-stop(grace 3s)=%dms"
                                    + " destroy-call=%dms%n",
                            ms(created - t0),
                            ms(ready - t0),
                            ms(sshReady - t0),
                            acpiStopMs,
                            forcedStopMs,
                            ms(destroyed - d0));
                }
                connect.networkLookupByName(NETWORK.name()).destroy();
                connect.networkLookupByName(NETWORK.name()).undefine();
                var pool = connect.storagePoolLookupByName("dcloud-it");
                pool.destroy();
                pool.undefine();
            } finally {
                connect.close();
            }
        }
    }

    private static VmSpec guestSpec(
            TestGuest.Build guest,
            String name,
            String hostname,
            String mac,
            String ip,
            String rentalId,
            String publicKey) {
        return new VmSpec(
                name,
                VmKind.STANDARD,
                1,
                256,
                2,
                guest.baseImage(),
                new CloudInit(hostname, List.of("dcloud"), List.of(publicKey), ""),
                new NetworkAttachment(NETWORK.name(), mac, ip),
                List.of(),
                new DcloudMetadata(
                        rentalId, "0xit", Optional.of(new PortBlock(20010, 10)), List.of("it.provider.example")),
                false,
                List.of(),
                Optional.of(new DirectBoot(guest.kernel(), guest.initrd(), "console=ttyS0 quiet")));
    }

    /**
     * Isolated ports at work: the host reaches the peer (its SSH answers), but the first guest cannot reach it: the
     * bridge forwards nothing between two isolated ports, not even ARP.
     */
    private static void assertGuestsCannotReachEachOther(Path peerSerial, NamespacedLibvirt sandbox, Path key)
            throws Exception {
        await("the peer's ready line", Duration.ofSeconds(180), () -> read(peerSerial)
                .contains(TestGuest.READY_MARKER + " host=it-peer ip=10.78.0.11"));
        var fromHost = sshTo(sandbox, key, "10.78.0.11", "hostname");
        assertEquals(0, fromHost.exit(), "the host reaches the peer: " + fromHost.output());
        assertEquals("it-peer", fromHost.output().strip());
        var fromGuest = ssh(sandbox, key, "ping -c 1 -W 3 10.78.0.11");
        assertEquals(1, fromGuest.exit(), "the guest does not reach the peer: " + fromGuest.output());
    }

    /**
     * On a fresh machine libvirtd probes QEMU's capabilities the first time a domain is defined (tens of seconds
     * under TCG) and caches them. Defining and undefining a throwaway domain first keeps that one-time cost out of
     * the create timing.
     */
    private static void warmCapabilityCache(org.libvirt.Connect connect, TestGuest.Build guest) throws Exception {
        var warm = connect.domainDefineXML(
                "<domain type='qemu'><name>dcloud-it-warmup</name><memory unit='MiB'>128</memory>"
                        + "<os><type arch='x86_64' machine='q35'>hvm</type><kernel>" + guest.kernel()
                        + "</kernel></os></domain>");
        warm.undefine();
    }

    /**
     * The overlay on disk as QEMU sees it: qcow2, backed by the shared base image, as large as the spec's disk.
     * {@code -U}: QEMU holds the image's lock while the guest runs.
     */
    private static void assertOverlayIsQcow2OnTheBase(Path overlay, Path base, int diskGiB) throws Exception {
        var info = NamespacedLibvirt.Result.of(
                Duration.ofSeconds(20), "qemu-img", "info", "-U", "--output=json", overlay.toString());
        assertEquals(0, info.exit(), info.output());
        var json = new ObjectMapper().readTree(info.output());
        assertEquals("qcow2", json.path("format").asText(), info.output());
        assertEquals((long) diskGiB << 30, json.path("virtual-size").asLong(), info.output());
        assertEquals(base.toString(), json.path("backing-filename").asText(), info.output());
        assertEquals("qcow2", json.path("backing-filename-format").asText(), info.output());
    }

    /**
     * clean-traffic at work: the guest adds an address that is not its own and pings the host from it. The packet
     * must not leave the guest's port, so the host neither answers nor learns a neighbour of that address; from the
     * guest's real address the same ping is answered. Also checks that the guest's port is isolated on the bridge
     * (the kernel flag; {@link #assertGuestsCannotReachEachOther} shows what it does).
     */
    private static void assertSpoofedSourceAddressesDoNotLeaveTheGuest(NamespacedLibvirt sandbox, Path key)
            throws Exception {
        var real = ssh(sandbox, key, "ping -c 1 -W 3 10.78.0.1");
        assertEquals(0, real.exit(), "from its own address the guest reaches the host: " + real.output());
        var spoofed = ssh(sandbox, key, "ip addr add 10.78.0.99/32 dev eth0 && ping -c 1 -W 3 -I 10.78.0.99 10.78.0.1");
        assertEquals(1, spoofed.exit(), "a ping from a spoofed address gets no answer: " + spoofed.output());
        var neighbour = sandbox.exec(Duration.ofSeconds(10), "ip", "neigh", "show", "10.78.0.99");
        assertEquals(0, neighbour.exit(), neighbour.output());
        assertEquals("", neighbour.output().strip(), "the host never heard of the spoofed address");
        var ports = sandbox.exec(Duration.ofSeconds(10), "bridge", "-d", "link", "show", "master", "dcit0");
        assertTrue(
                ports.output().lines().anyMatch(l -> l.contains("isolated on")),
                "the guest's bridge port is isolated: " + ports.output());
    }

    private static NamespacedLibvirt.Result ssh(NamespacedLibvirt sandbox, Path key, String command) throws Exception {
        return sshTo(sandbox, key, "10.78.0.10", command);
    }

    private static NamespacedLibvirt.Result sshTo(NamespacedLibvirt sandbox, Path key, String address, String command)
            throws Exception {
        return sandbox.exec(
                Duration.ofSeconds(30),
                "ssh",
                "-i",
                key.toString(),
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "BatchMode=yes",
                "-o",
                "ConnectTimeout=5",
                "-o",
                "LogLevel=ERROR",
                "root@" + address,
                command);
    }

    private static String sshUntilItAnswers(NamespacedLibvirt sandbox, Path key) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            var result = ssh(sandbox, key, "hostname");
            if (result.exit() == 0) {
                return result.output();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ssh never answered: " + result.output());
            }
            Thread.sleep(500);
        }
    }

    /**
     * Stops the guest within {@code grace}, checks the outcome, that it is off and that libvirt reported a stop
     * with {@code detail}; returns how long the stop call took, in milliseconds.
     */
    private static long stopAndCheck(
            VmManager manager,
            LinkedBlockingQueue<VmEvent> events,
            Duration grace,
            StopOutcome outcome,
            String detail,
            String eventMessage)
            throws Exception {
        long start = System.nanoTime();
        assertEquals(outcome, manager.stop(NAME, grace));
        long stopped = System.nanoTime();
        assertEquals(VmState.SHUT_OFF, manager.get(NAME).orElseThrow().state());
        assertTrue(
                waitForEvent(
                        events, e -> e.type().equals("STOPPED") && e.detail().equals(detail)),
                eventMessage);
        return ms(stopped - start);
    }

    private static boolean waitForEvent(
            LinkedBlockingQueue<VmEvent> events, java.util.function.Predicate<VmEvent> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            var event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.name().equals(NAME) && wanted.test(event)) {
                return true;
            }
        }
        return false;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}

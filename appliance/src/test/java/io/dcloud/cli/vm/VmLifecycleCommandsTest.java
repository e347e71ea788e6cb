package io.dcloud.cli.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dcloud.cli.CliRun;
import io.dcloud.vm.inventory.HostInventory;
import io.dcloud.vm.lifecycle.VmManager;
import io.dcloud.vm.lifecycle.VmState;
import io.dcloud.vm.network.DcloudNetwork;
import io.dcloud.vm.network.NatNetwork;
import io.dcloud.vm.spec.VmSpecFile;
import io.dcloud.vm.storage.VmStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;

/**
 * `dcloud vm list|start|stop|destroy` against libvirt's test driver. The test holds a connection of its own: the
 * test driver keeps its state (the dcloud VM made here, its own foreign domain "test") while one is open, and the
 * command opens and closes another one.
 */
class VmLifecycleCommandsTest {
    private static final String KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ3rX0cVJx0sZ8m0j1g7yJ6bC2b4Qk1nT3wXo9v8dE5f t@example";

    @TempDir
    Path dir;

    private Connect connect;
    private VmManager vms;

    /** A run of the command on the test driver and this test's storage directory. */
    private CliRun run(String... args) {
        return CliRun.run(Stream.concat(
                        Stream.of(args), Stream.of("--libvirt", "test:///default", "--storage-dir", dir.toString()))
                .toArray(String[]::new));
    }

    @BeforeEach
    void createADcloudVm() throws Exception {
        connect = new Connect("test:///default");
        vms = new VmManager(
                connect, new VmStorage(connect, "dcloud", dir), new DcloudNetwork(connect, NatNetwork.defaults()));
        Path image = Files.writeString(dir.resolve("base.img"), "raw base image");
        var spec = VmSpecFile.parse("""
                name: web-1
                vcpus: 1
                memoryMiB: 512
                diskGiB: 10
                image: %s
                sshKeys: ["%s"]
                ip: 10.77.0.21
                rentalId: r-7
                tenant: "0xabc"
                portBlock: {first: 20010, count: 10}
                routes: [web-1.provider.example]
                """.formatted(image, KEY));
        vms.create(spec, HostInventory.read(connect, dir));
    }

    @AfterEach
    void close() throws Exception {
        vms.destroy("web-1");
        connect.close();
    }

    @Test
    void listShowsOnlyDcloudVmsWithTheirRental() throws Exception {
        var text = run("vm", "list");
        assertEquals(0, text.exitCode(), text.err());
        var lines = text.out().lines().toList();
        assertEquals(2, lines.size(), "a header and web-1; the driver's own domain 'test' is not ours:\n" + text.out());
        assertEquals(
                List.of("NAME", "STATE", "KIND", "IP", "RENTAL", "PORTS"),
                List.of(lines.get(0).split(" +")));
        assertEquals(
                List.of("web-1", "RUNNING", "standard", "10.77.0.21", "r-7", "20010+10"),
                List.of(lines.get(1).split(" +")));

        var json = run("vm", "list", "--json");
        assertEquals(0, json.exitCode(), json.err());
        var rows = new ObjectMapper().readTree(json.out());
        assertEquals(1, rows.size(), json.out());
        var vm = rows.get(0);
        assertEquals("web-1", vm.path("name").asText());
        assertEquals("RUNNING", vm.path("state").asText());
        assertEquals("0xabc", vm.path("tenant").asText());
        assertEquals(20010, vm.path("portBlock").path("first").asInt());
        assertEquals("web-1.provider.example", vm.path("routes").path(0).asText());
    }

    @Test
    void stopStartAndDestroyADcloudVm() throws Exception {
        var stop = run("vm", "stop", "web-1");
        assertEquals(0, stop.exitCode(), stop.err());
        assertEquals("stop: web-1 (shut down by the guest)\n", stop.out());
        assertEquals(VmState.SHUT_OFF, vms.get("web-1").orElseThrow().state());
        assertEquals(
                "stop: web-1 (was not running)\n", run("vm", "stop", "web-1").out());

        var start = run("vm", "start", "web-1");
        assertEquals(0, start.exitCode(), start.err());
        assertEquals("start: web-1\n", start.out());
        assertEquals(VmState.RUNNING, vms.get("web-1").orElseThrow().state());

        var destroy = run("vm", "destroy", "web-1");
        assertEquals(0, destroy.exitCode(), destroy.err());
        assertEquals("destroy: web-1\n", destroy.out());
        assertTrue(vms.get("web-1").isEmpty());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("base.img")), left.toList(), "no overlay or seed left");
        }
        assertEquals(0, run("vm", "destroy", "web-1").exitCode(), "nothing there is fine");
    }

    @Test
    void aMissingVmIsExitOneWithTheReason() {
        for (String action : List.of("start", "stop")) {
            var run = run("vm", action, "no-such-vm");
            assertEquals(1, run.exitCode(), action);
            assertEquals("", run.out(), action);
            assertEquals("no VM named 'no-such-vm'\n", run.err(), action);
        }
    }

    @Test
    void aDomainWithoutDcloudMetadataIsLeftAlone() throws Exception {
        for (String action : List.of("stop", "destroy", "start")) {
            var run = run("vm", action, "test");
            assertEquals(1, run.exitCode(), action);
            assertEquals("", run.out(), action);
            assertEquals("domain 'test' is not a dcloud VM (no dcloud metadata)\n", run.err(), action);
        }
        assertEquals(1, connect.domainLookupByName("test").isActive(), "the foreign domain still runs");
    }
}

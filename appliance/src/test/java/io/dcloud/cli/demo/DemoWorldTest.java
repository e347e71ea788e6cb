package io.dcloud.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the demo leaves in its work directory once it ends (on libvirt's test driver: no libvirtd touched). */
class DemoWorldTest {

    @TempDir
    Path parent;

    @Test
    void closingRemovesTheWorkDirectoryWithEverythingInIt() throws Exception {
        Path work = workWithFiles();
        var out = new ByteArrayOutputStream();
        var world = new DemoWorld(new Progress(new PrintStream(out, true, StandardCharsets.UTF_8)), work, true);
        world.onClose(() -> Files.writeString(work.resolve("appliance.log"), "written while stopping\n"));

        world.close();

        assertFalse(Files.exists(work), () -> "left behind: " + work);
    }

    @Test
    void aFailedDemoKeepsItsWorkDirectoryAndSaysWhere() throws Exception {
        Path work = workWithFiles();
        var out = new ByteArrayOutputStream();
        var world = new DemoWorld(new Progress(new PrintStream(out, true, StandardCharsets.UTF_8)), work, true);

        world.keepWorkForInspection();
        world.close();

        assertEquals("chain: 31337\n", Files.readString(work.resolve("state/ledger.checkpoint")));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("its files stay in " + work), printed);
    }

    private Path workWithFiles() throws Exception {
        Path work = Files.createDirectory(parent.resolve("dcloud-demo-1"));
        Files.createDirectories(work.resolve("state/api-tls"));
        Files.writeString(work.resolve("state/ledger.checkpoint"), "chain: 31337\n");
        Files.writeString(work.resolve("state/api-tls/key.pem"), "not a key\n");
        Files.writeString(work.resolve("appliance.yaml"), "listeners: {}\n");
        return work;
    }
}

package io.dcloud.cli.vm;

import static io.dcloud.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {
    private static final String KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ3rX0cVJx0sZ8m0j1g7yJ6bC2b4Qk1nT3wXo9v8dE5f t@example";

    @TempDir
    Path dir;

    private Path spec(String kind, int vcpus) throws Exception {
        return Files.writeString(dir.resolve(kind + ".yaml"), """
                name: conf-1
                kind: %s
                vcpus: %d
                memoryMiB: 4096
                diskGiB: 40
                image: /var/lib/dcloud/images/debian-12.qcow2
                sshKeys:
                  - %s
                """.formatted(kind, vcpus, KEY));
    }

    private static String domcaps(String file) {
        return Path.of(System.getProperty("dcloud.shared.dir"), "libvirt", "domcaps", file)
                .toString();
    }

    @Test
    void rendersSevSnpForAnSnpHost() throws Exception {
        var run = run(
                "vm",
                "render",
                "--spec",
                spec("sev-snp", 4).toString(),
                "--host-caps",
                domcaps("qemu_10.0.0-q35.x86_64+amdsev.xml"));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("<launchSecurity type='sev-snp'>"), run.out());
        assertTrue(run.out().contains("<cbitpos>51</cbitpos>"), run.out());
        assertTrue(run.out().contains("<dcloud:rental id='admin-conf-1'"), run.out());
    }

    @Test
    void refusesSevSnpOnATdxHost() throws Exception {
        var run = run(
                "vm",
                "render",
                "--spec",
                spec("sev-snp", 4).toString(),
                "--host-caps",
                domcaps("qemu_10.1.0-q35.x86_64+inteltdx.xml"));
        assertEquals(3, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().contains("kind sev-snp: this host has no AMD SEV-SNP support"), run.err());
    }

    @Test
    void refusesAnInvalidSpec() throws Exception {
        var run = run("vm", "render", "--spec", spec("standard", 0).toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("vcpus: 0 is not in 1..256"), run.err());
    }
}

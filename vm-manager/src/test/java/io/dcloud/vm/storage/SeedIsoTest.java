package io.dcloud.vm.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.vm.Fixtures;
import io.dcloud.vm.spec.VmKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedIsoTest {
    @TempDir
    Path dir;

    @Test
    void theSeedCarriesHostnameKeysAndTheNicsMac() {
        var seed = NoCloudSeed.of(Fixtures.spec("web-1", VmKind.STANDARD));
        assertEquals("instance-id: web-1-r-42\nlocal-hostname: web-1\n", seed.metaData());
        assertTrue(
                seed.userData().startsWith("#cloud-config\nhostname: web-1\nusers:\n  - name: dcloud\n"),
                seed.userData());
        assertTrue(seed.userData().contains("      - \"" + Fixtures.KEY + "\"\n"), seed.userData());
        assertTrue(seed.networkConfig().contains("macaddress: \"52:54:00:12:34:56\""), seed.networkConfig());
    }

    @Test
    void writesAnIsoLabelledCidataWithTheThreeFiles() throws Exception {
        Path iso = dir.resolve("web-1-seed.iso");
        SeedIso.write(NoCloudSeed.of(Fixtures.spec("web-1", VmKind.STANDARD)), iso);
        var info = new ProcessBuilder("isoinfo", "-d", "-i", iso.toString())
                .redirectErrorStream(true)
                .start();
        String described = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, info.waitFor());
        assertTrue(described.contains("Volume id: cidata"), described);
        var list = new ProcessBuilder("isoinfo", "-f", "-R", "-i", iso.toString())
                .redirectErrorStream(true)
                .start();
        String files = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, list.waitFor());
        assertEquals(
                List.of("/meta-data", "/network-config", "/user-data"),
                files.lines().sorted().toList());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(iso), left.toList(), "no temporary files left");
        }
    }
}

package io.dcloud.vm.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dcloud.vm.Fixtures;
import io.dcloud.vm.spec.CloudInit;
import io.dcloud.vm.spec.VmKind;
import io.dcloud.vm.spec.VmSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
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

    /** What cloud-init's YAML loader sees: one mapping with dcloud's keys and the spec's extra ones. */
    @Test
    void extraUserDataJoinsDcloudsKeysInOneDocument() throws Exception {
        var spec = withUserData("packages: [nginx]\nruncmd:\n  - [systemctl, enable, --now, nginx]\n");
        var userData = NoCloudSeed.of(spec).userData();
        assertTrue(userData.startsWith("#cloud-config\n"), userData);
        var document = new ObjectMapper(new YAMLFactory()).readTree(userData);
        assertEquals(List.of("hostname", "users", "packages", "runcmd"), names(document.fieldNames()), userData);
        assertEquals("web-1", document.path("hostname").asText());
        assertEquals("dcloud", document.path("users").path(0).path("name").asText());
        assertEquals(
                Fixtures.KEY,
                document.path("users")
                        .path(0)
                        .path("ssh_authorized_keys")
                        .path(0)
                        .asText());
        assertEquals("nginx", document.path("packages").path(0).asText());
    }

    /**
     * cloud-init's own validator (`cloud-init schema`, Debian package cloud-init) accepts the user-data dcloud writes,
     * and refuses one whose extra keys break its schema, which dcloud's structural check lets through.
     */
    @Test
    void cloudInitAcceptsTheUserData() throws Exception {
        assertEquals("", cloudInitSchemaErrors(withUserData("packages: [nginx]\nruncmd:\n  - [touch, /run/x]\n")));
        var wrong = cloudInitSchemaErrors(withUserData("packages: nginx\n"));
        assertTrue(wrong.contains("packages: 'nginx' is not of type 'array'"), wrong);
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

    private String cloudInitSchemaErrors(VmSpec spec) throws Exception {
        Path userData =
                Files.writeString(dir.resolve("user-data"), NoCloudSeed.of(spec).userData());
        var process = new ProcessBuilder("cloud-init", "schema", "--config-file", userData.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit == 0) {
            assertTrue(output.contains("Valid cloud-config"), output);
            return "";
        }
        return output;
    }

    private static VmSpec withUserData(String extra) {
        var base = Fixtures.spec("web-1", VmKind.STANDARD);
        var init = base.cloudInit();
        return new VmSpec(
                base.name(),
                base.kind(),
                base.vcpus(),
                base.memoryMiB(),
                base.diskGiB(),
                base.image(),
                new CloudInit(init.hostname(), init.users(), init.sshKeys(), extra),
                base.network(),
                base.gpus(),
                base.metadata(),
                base.hugepages(),
                base.cpuPins(),
                base.boot());
    }

    private static List<String> names(Iterator<String> names) {
        var out = new ArrayList<String>();
        names.forEachRemaining(out::add);
        return out;
    }
}

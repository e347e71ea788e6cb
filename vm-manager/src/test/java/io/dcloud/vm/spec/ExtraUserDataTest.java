package io.dcloud.vm.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.vm.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The extra user-data of a spec is refused before anything is made when the seed would not carry it as meant. */
class ExtraUserDataTest {
    private static CloudInit withUserData(String extra) {
        return new CloudInit("web-1", List.of("dcloud"), List.of(Fixtures.KEY), extra);
    }

    private static String refusal(String extra) {
        return assertThrows(InvalidSpecException.class, () -> withUserData(extra))
                .getMessage();
    }

    @Test
    void acceptsMoreCloudConfigKeysNothingOrComments() {
        var extra = "packages: [nginx]\nruncmd:\n  - [systemctl, enable, --now, nginx]\nwrite_files:\n"
                + "  - path: /etc/motd\n    content: |\n      rented from dcloud\n";
        assertEquals(extra, withUserData(extra).extraUserData());
        assertEquals("", withUserData("").extraUserData());
        assertEquals("# nothing yet\n", withUserData("# nothing yet\n").extraUserData());
    }

    @Test
    void refusesWhatIsNotAMapping() {
        assertEquals(
                "userData: must be a YAML mapping of cloud-config keys (e.g. 'packages: [nginx]'), not a single value",
                refusal("apt-get install nginx"));
        assertEquals(
                "userData: must be a YAML mapping of cloud-config keys (e.g. 'packages: [nginx]'), not a list",
                refusal("- nginx\n- curl\n"));
        assertEquals(
                "userData: give only the extra keys; dcloud writes the #cloud-config header",
                refusal("#cloud-config\npackages: [nginx]\n"));
    }

    @Test
    void refusesYamlThatDoesNotParse() {
        var message = refusal("packages: [nginx\n");
        assertTrue(message.startsWith("userData: not valid YAML: "), message);
        message = refusal("packages: [nginx]\npackages: [curl]\n");
        assertTrue(message.startsWith("userData: not valid YAML: Duplicate field 'packages'"), message);
    }

    @Test
    void refusesTheKeysDcloudWrites() {
        for (String key : List.of("users", "ssh_authorized_keys", "hostname", "fqdn")) {
            assertEquals(
                    "userData: [" + key + "] set by dcloud from the spec's hostname, users and sshKeys;"
                            + " remove them from userData",
                    refusal("packages: [nginx]\n" + key + ": [x]\n"),
                    key);
        }
    }

    /** Valid YAML alone, but appended after dcloud's keys it would be lost or break the document. */
    @Test
    void refusesMappingsThatDoNotAppend() {
        var block = "userData: write the keys in block style at the start of a line"
                + " ('key: value' lines; no '---', no '{...}' around them)";
        assertEquals(block, refusal("{packages: [nginx]}"));
        assertEquals(block, refusal("---\npackages: [nginx]\n"));
    }

    @Test
    void aSpecFileWithBadUserDataNamesTheKey() {
        var spec = """
                name: web-1
                vcpus: 1
                memoryMiB: 512
                diskGiB: 10
                image: /var/lib/dcloud/images/debian-12.qcow2
                sshKeys: ["%s"]
                userData: |
                  users: [eve]
                """.formatted(Fixtures.KEY);
        var e = assertThrows(InvalidSpecException.class, () -> VmSpecFile.parse(spec));
        assertTrue(e.getMessage().startsWith("userData: [users] set by dcloud"), e.getMessage());
    }
}

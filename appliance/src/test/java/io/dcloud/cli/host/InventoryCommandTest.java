package io.dcloud.cli.host;

import static io.dcloud.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `dcloud host inventory` read from libvirt's test driver: a plain host that offers standard VMs only. */
class InventoryCommandTest {
    @TempDir
    Path dir;

    /** What the disk holding {@code dir} has free, in GiB, give or take what other writers do meanwhile. */
    private void assertFreeDiskGiB(long reported) throws Exception {
        long free = Files.getFileStore(dir).getUsableSpace() >> 30;
        assertTrue(Math.abs(reported - free) <= 1, reported + " GiB reported, " + free + " GiB free");
    }

    @Test
    void printsOneLinePerFact() throws Exception {
        var run = run("host", "inventory", "--libvirt", "test:///default", "--storage-dir", dir.toString());
        assertEquals(0, run.exitCode(), run.err());
        var facts = new LinkedHashMap<String, String>();
        run.out().lines().forEach(line -> {
            var kv = line.split(": ", 2);
            facts.put(kv[0], kv[1]);
        });
        assertEquals(
                List.of(
                        "hypervisor",
                        "offers",
                        "cpus",
                        "memoryMiB",
                        "freeDiskGiB",
                        "iommu",
                        "vfio",
                        "sev",
                        "tdx",
                        "gpus"),
                List.copyOf(facts.keySet()));
        assertEquals("qemu (q35)", facts.get("hypervisor"));
        assertEquals("[standard]", facts.get("offers"));
        assertTrue(Integer.parseInt(facts.get("cpus")) > 0, run.out());
        assertTrue(Long.parseLong(facts.get("memoryMiB")) > 0, run.out());
        assertFreeDiskGiB(Long.parseLong(facts.get("freeDiskGiB")));
        assertEquals("no", facts.get("sev"));
        assertEquals("false", facts.get("tdx"));
        assertEquals("[]", facts.get("gpus"));
    }

    @Test
    void printsOneJsonObject() throws Exception {
        var run = run("host", "inventory", "--libvirt", "test:///default", "--storage-dir", dir.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        var json = new ObjectMapper().readTree(run.out());
        assertEquals("[\"standard\"]", json.path("offers").toString());
        assertTrue(json.path("cpus").asInt() > 0, run.out());
        assertFreeDiskGiB(json.path("freeDiskGiB").asLong());
        assertEquals("no", json.path("sev").asText());
        assertTrue(json.path("tdx").isBoolean() && !json.path("tdx").asBoolean(), run.out());
        assertTrue(json.path("gpus").isArray() && json.path("gpus").isEmpty(), run.out());
    }

    @Test
    void anUnreachableLibvirtIsExitOneWithTheReason() {
        var run = run("host", "inventory", "--libvirt", "nosuch:///nowhere", "--storage-dir", dir.toString());
        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("cannot read the host inventory from nosuch:///nowhere: "), run.err());
    }
}

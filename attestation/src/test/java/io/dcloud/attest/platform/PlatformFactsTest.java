package io.dcloud.attest.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host facts: the documented SNP status layout, and clear "not available" answers. */
class PlatformFactsTest {

    @Test
    void snpPlatformStatusLayout() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(SnpPlatformStatus.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 1).put(1, (byte) 55).put(2, (byte) 2).put(3, (byte) 1);
        b.putInt(4, 21)
                .putInt(8, 0b101)
                .putInt(12, 3)
                .putLong(16, 0x1800000000000a03L)
                .putLong(24, 0x1500000000000803L);
        SnpPlatformStatus s = SnpPlatformStatus.parse(b.array());
        assertEquals(1, s.apiMajor());
        assertEquals(55, s.apiMinor());
        assertEquals(2, s.state());
        assertTrue(s.rmpInitialized());
        assertEquals(21, s.buildId());
        assertTrue(s.maskChipId());
        assertFalse(s.maskChipKey());
        assertTrue(s.vlekEnabled());
        assertEquals(3, s.guestCount());
        assertEquals("030a000000000018", s.toMap().get("currentTcb"));
        assertEquals("1.55.21", s.toMap().get("firmware"));
        byte[] cmd = PlatformFacts.issueCommand(PlatformFacts.SNP_PLATFORM_STATUS, 0xdeadbeefL);
        assertEquals(16, cmd.length);
        assertEquals(9, ByteBuffer.wrap(cmd).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
        assertEquals(
                0xdeadbeefL, ByteBuffer.wrap(cmd).order(ByteOrder.LITTLE_ENDIAN).getLong(4));
    }

    @Test
    void emptyHostHasNeither(@TempDir Path root) {
        Map<String, PlatformFacts.Tee> facts = PlatformFacts.detect(root);
        assertFalse(facts.get("sev-snp").available());
        assertTrue(facts.get("sev-snp").reason().startsWith("not available: no /dev/sev"));
        assertFalse(facts.get("tdx").available());
        assertTrue(facts.get("tdx").reason().startsWith("not available"));
    }

    @Test
    void tdxModuleFactsComeFromSysfs(@TempDir Path root) throws Exception {
        Path param = root.resolve("sys/module/kvm_intel/parameters");
        Files.createDirectories(param);
        Files.writeString(param.resolve("tdx"), "Y\n");
        Path module = root.resolve("sys/firmware/tdx/tdx_module");
        Files.createDirectories(module);
        Files.writeString(module.resolve("status"), "initialized\n");
        Files.writeString(module.resolve("major_version"), "1\n");
        PlatformFacts.Tee tdx = PlatformFacts.detect(root).get("tdx");
        assertTrue(tdx.available());
        assertEquals(Map.of("status", "initialized", "major_version", "1"), tdx.facts());
    }

    @Test
    void snpNeedsTheKvmParameterToo(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("dev"));
        Files.writeString(root.resolve("dev/sev"), "");
        PlatformFacts.Tee snp = PlatformFacts.detect(root).get("sev-snp");
        assertFalse(snp.available());
        assertTrue(snp.reason().contains("sev_snp is not enabled"));
    }
}

package io.dcloud.attest.platform;

import com.sun.jna.Memory;
import io.dcloud.attest.collect.Ioctl;
import io.dcloud.attest.parse.ParseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What this host offers confidential guests, for the appliance's offers: SEV-SNP firmware and TCB (via
 * /dev/sev) and TDX module facts (sysfs). Each TEE is either available with facts or not available with
 * the reason.
 */
public final class PlatformFacts {

    /** One TEE's facts, or why there are none. */
    public record Tee(String name, boolean available, String reason, Map<String, Object> facts) {}

    /** _IOWR('S', 0x0, struct sev_issue_cmd), that packed struct being 16 bytes. */
    public static final long SEV_ISSUE_CMD = Ioctl.iowr('S', 0x0, 16);

    public static final int SNP_PLATFORM_STATUS = 9;

    private PlatformFacts() {}

    public static Map<String, Tee> detect() {
        return detect(Path.of("/"));
    }

    /** Facts under {@code root} ("/" on a real host; tests pass a fake tree). */
    public static Map<String, Tee> detect(Path root) {
        Map<String, Tee> out = new LinkedHashMap<>();
        out.put("sev-snp", snp(root));
        out.put("tdx", tdx(root));
        return out;
    }

    private static Tee snp(Path root) {
        Path param = root.resolve("sys/module/kvm_amd/parameters/sev_snp");
        Path dev = root.resolve("dev/sev");
        if (!Files.exists(dev)) {
            return new Tee(
                    "sev-snp",
                    false,
                    "not available: no /dev/sev (no AMD SEV firmware or kvm_amd not loaded)",
                    Map.of());
        }
        if (!"Y".equals(read(param))) {
            return new Tee("sev-snp", false, "not available: kvm_amd sev_snp is not enabled", Map.of());
        }
        try (Memory status = new Memory(SnpPlatformStatus.LENGTH);
                Memory cmd = new Memory(16)) {
            status.clear();
            byte[] c = issueCommand(SNP_PLATFORM_STATUS, com.sun.jna.Pointer.nativeValue(status));
            cmd.write(0, c, 0, c.length);
            int errno = Ioctl.call(dev.toString(), SEV_ISSUE_CMD, cmd);
            if (errno != 0) {
                return new Tee(
                        "sev-snp",
                        false,
                        "not available: SNP_PLATFORM_STATUS failed, errno " + errno + ", firmware error "
                                + cmd.getInt(12),
                        Map.of());
            }
            return new Tee(
                    "sev-snp",
                    true,
                    "SNP_PLATFORM_STATUS",
                    SnpPlatformStatus.parse(status.getByteArray(0, SnpPlatformStatus.LENGTH))
                            .toMap());
        } catch (IOException | ParseException | UnsatisfiedLinkError e) {
            return new Tee("sev-snp", false, "not available: " + e.getMessage(), Map.of());
        }
    }

    /** struct sev_issue_cmd {u32 cmd; u64 data; u32 error;} __packed (16 bytes). */
    public static byte[] issueCommand(int command, long dataAddress) {
        return ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0, command)
                .putLong(4, dataAddress)
                .array();
    }

    private static Tee tdx(Path root) {
        Path param = root.resolve("sys/module/kvm_intel/parameters/tdx");
        if (!"Y".equals(read(param))) {
            return new Tee(
                    "tdx", false, "not available: kvm_intel tdx is not enabled (or not an Intel TDX host)", Map.of());
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        Path module = root.resolve("sys/firmware/tdx/tdx_module");
        if (Files.isDirectory(module)) {
            try (Stream<Path> files = Files.list(module)) {
                files.filter(Files::isRegularFile)
                        .sorted()
                        .forEach(f -> facts.put(f.getFileName().toString(), read(f)));
            } catch (IOException e) {
                facts.put("error", e.getMessage());
            }
        }
        return new Tee("tdx", true, "kvm_intel tdx=Y", facts);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }
}

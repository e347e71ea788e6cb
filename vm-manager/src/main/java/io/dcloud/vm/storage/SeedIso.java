package io.dcloud.vm.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/** Writes a NoCloud seed as an ISO 9660 image labelled {@code cidata} (what cloud-init looks for), with genisoimage. */
public final class SeedIso {
    private SeedIso() {}

    public static void write(NoCloudSeed seed, Path iso) throws IOException {
        Path work = Files.createTempDirectory(iso.toAbsolutePath().getParent(), ".seed-");
        try {
            Files.writeString(work.resolve("meta-data"), seed.metaData(), StandardCharsets.UTF_8);
            Files.writeString(work.resolve("user-data"), seed.userData(), StandardCharsets.UTF_8);
            Files.writeString(work.resolve("network-config"), seed.networkConfig(), StandardCharsets.UTF_8);
            Path out = work.resolve("seed.iso");
            var process = new ProcessBuilder(
                            "genisoimage",
                            "-quiet",
                            "-output",
                            out.toString(),
                            "-volid",
                            "cidata",
                            "-joliet",
                            "-rock",
                            "meta-data",
                            "user-data",
                            "network-config")
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .start();
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("genisoimage failed: " + log.strip());
            }
            Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            // Whole or nothing: a half-written seed would boot a VM without its keys.
            Files.move(out, iso, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + iso, e);
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

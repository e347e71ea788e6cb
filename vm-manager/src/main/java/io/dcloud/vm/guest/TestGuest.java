package io.dcloud.vm.guest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * dcloud's tiny real test guest (Debian cloud kernel + busybox initramfs with dropbear and openssl), built by the
 * bundled {@code build.sh} from Debian packages the first time it is needed. Tests, the e2e suite and
 * {@code dcloud demo} boot it with direct kernel boot.
 */
public final class TestGuest {
    /** The line the guest prints on its serial console when SSH and TLS are up: {@code DCLOUD-READY host=... ip=...}. */
    public static final String READY_MARKER = "DCLOUD-READY";

    private static final Path CACHE = Path.of("/var/cache/dcloud");
    private static final String[] RESOURCES = {"build.sh", "init", "udhcpc.script"};

    /** Where the built guest lives: kernel, initramfs and the empty base image overlays back onto. */
    public record Build(Path kernel, Path initrd, Path baseImage) {}

    private TestGuest() {}

    /**
     * Builds into {@code /var/cache/dcloud/guest-<hash of the build scripts>}: a changed script gets a new build,
     * an unchanged one is reused (world-readable, as QEMU runs as libvirt-qemu).
     */
    public static Build ensureBuilt() throws IOException {
        return ensureBuilt(CACHE.resolve("guest-" + scriptsHash()));
    }

    private static String scriptsHash() throws IOException {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            for (String name : RESOURCES) {
                try (InputStream in = TestGuest.class.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("missing resource io/dcloud/vm/guest/" + name);
                    }
                    digest.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Builds the guest into {@code dir} unless it is there already (the script checks). */
    public static Build ensureBuilt(Path dir) throws IOException {
        Path scripts = Files.createTempDirectory("dcloud-guest-build-");
        try {
            for (String name : RESOURCES) {
                try (InputStream in = TestGuest.class.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("missing resource io/dcloud/vm/guest/" + name);
                    }
                    Files.copy(in, scripts.resolve(name));
                }
            }
            var process = new ProcessBuilder("sh", scripts.resolve("build.sh").toString(), dir.toString())
                    .redirectErrorStream(true)
                    .start();
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("building the test guest failed:\n" + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the test guest", e);
        } finally {
            try (var files = Files.walk(scripts)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return new Build(dir.resolve("vmlinuz"), dir.resolve("initrd.img"), dir.resolve("base.qcow2"));
    }
}

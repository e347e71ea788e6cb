package io.dcloud.appliance.api.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The admin bearer tokens, kept only as SHA-256 hashes in a file of lines {@code sha256:HEX label}.
 *
 * <p>A plain SHA-256 is enough because the tokens are 256 random bits: there is nothing to guess, so
 * a slow password hash would only cost time on every request. The file is re-read when it changes,
 * so {@code dcloud appliance token create} takes effect without a restart.
 */
public final class AdminTokens {

    /** Tokens start with this, so a leaked one is easy to recognise in logs and scanners. */
    public static final String TOKEN_PREFIX = "dcat_";

    private static final System.Logger LOG = System.getLogger(AdminTokens.class.getName());
    private static final Pattern LINE = Pattern.compile("sha256:([0-9a-f]{64})(?:\\s+(.*))?");

    private final Path file;
    private volatile Snapshot snapshot;

    private AdminTokens(Path file, Snapshot snapshot) {
        this.file = file;
        this.snapshot = snapshot;
    }

    /**
     * Reads the hashes file; a missing file means no tokens yet.
     *
     * @throws IllegalArgumentException when a line is not a hash line, naming it
     */
    public static AdminTokens open(Path file) {
        return new AdminTokens(file, Snapshot.read(file));
    }

    public Path file() {
        return file;
    }

    public int count() {
        return current().hashes().size();
    }

    /** Whether {@code token} is one of the stored ones; takes the same time whichever matches. */
    public boolean admits(String token) {
        byte[] presented = sha256(token);
        boolean match = false;
        for (byte[] hash : current().hashes()) {
            match |= MessageDigest.isEqual(hash, presented);
        }
        return match;
    }

    /**
     * Makes a new token, appends its hash to {@code file} (written whole to a temporary file, then
     * moved over the old one) and returns the token: the only time it exists in clear.
     */
    public static String create(Path file, String label, SecureRandom random) throws IOException {
        if (!label.matches("[\\p{Graph} ]{0,80}")) {
            throw new IllegalArgumentException("the label must be at most 80 printable characters");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Snapshot.read(file); // refuse to append to a file we could not read back
        var dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        var lines = new ArrayList<String>(Files.exists(file) ? Files.readAllLines(file) : List.of());
        lines.add("sha256:" + HexFormat.of().formatHex(sha256(token)) + (label.isBlank() ? "" : " " + label.strip()));
        var temp = Files.createTempFile(
                dir,
                ".admin-tokens",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temp, lines);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return token;
    }

    private Snapshot current() {
        var seen = snapshot;
        var stamp = Stamp.of(file);
        if (stamp.equals(seen.stamp())) {
            return seen;
        }
        try {
            var fresh = Snapshot.read(file);
            snapshot = fresh;
            LOG.log(
                    System.Logger.Level.INFO,
                    "admin tokens reloaded from {0}: {1} token(s)",
                    file,
                    fresh.hashes().size());
            return fresh;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "keeping the previous admin tokens: " + e.getMessage());
            return seen;
        }
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** What identifies one version of the file, cheaply enough to check on every request. */
    private record Stamp(FileTime modified, long size) {
        static Stamp of(Path file) {
            try {
                return new Stamp(Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS), Files.size(file));
            } catch (IOException e) {
                return new Stamp(FileTime.fromMillis(0), -1);
            }
        }
    }

    private record Snapshot(Stamp stamp, List<byte[]> hashes) {
        static Snapshot read(Path file) {
            var stamp = Stamp.of(file);
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (NoSuchFileException e) {
                return new Snapshot(stamp, List.of());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read admin tokens " + file, e);
            }
            var hashes = new ArrayList<byte[]>();
            for (int i = 0; i < lines.size(); i++) {
                var line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                var m = LINE.matcher(line);
                if (!m.matches()) {
                    throw new IllegalArgumentException(
                            file + " line " + (i + 1) + " is not 'sha256:<64 hex digits> [label]'");
                }
                hashes.add(HexFormat.of().parseHex(m.group(1)));
            }
            return new Snapshot(stamp, List.copyOf(hashes));
        }
    }
}

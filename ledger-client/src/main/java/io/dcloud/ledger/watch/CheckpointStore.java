package io.dcloud.ledger.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The watcher's only persistent state, one line {@code block logIndex blockHash}, replaced atomically (write a
 * temporary file, then rename) so a crash leaves either the old or the new checkpoint, never a torn one.
 */
public final class CheckpointStore {
    private final Path file;

    public CheckpointStore(Path file) {
        this.file = file;
    }

    public Optional<Checkpoint> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String[] parts =
                    Files.readString(file, StandardCharsets.UTF_8).strip().split(" ");
            if (parts.length != 3) {
                throw new IllegalStateException("checkpoint file " + file + " is corrupt: expected 3 fields");
            }
            String hash = parts[2].equals("-") ? null : parts[2];
            return Optional.of(new Checkpoint(Long.parseLong(parts[0]), Long.parseLong(parts[1]), hash));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("checkpoint file " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    public void save(Checkpoint checkpoint) {
        String line = checkpoint.block() + " " + checkpoint.logIndex() + " "
                + (checkpoint.blockHash() == null ? "-" : checkpoint.blockHash()) + "\n";
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, line, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }
}

package io.dcloud.appliance.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The admin's local rentals, in one JSON file under the state directory, with the next id to hand out (ids are
 * never reused, not after a restart or once a rental is gone). Every change is written to a temporary file, synced,
 * and moved over the old one in one step, before it is visible in memory: after {@code kill -9} the file holds
 * either the old or the new state, and nothing the reconciler acted on was unrecorded. A file that cannot be read
 * is an error at start, never an empty store.
 */
public final class LocalRentalStore {
    public static final String FILE_NAME = "local-rentals.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The file's content. */
    record Contents(long nextId, List<LocalRental> rentals) {}

    private final Path file;
    private long nextId;
    private final TreeMap<Long, LocalRental> rentals = new TreeMap<>();

    private LocalRentalStore(Path file, Contents contents) {
        this.file = file;
        this.nextId = contents.nextId();
        contents.rentals().forEach(r -> rentals.put(r.number(), r));
    }

    /**
     * Reads the store, or starts an empty one when the file does not exist yet.
     *
     * @throws IOException naming the file when it cannot be read or is not a valid store
     */
    public static LocalRentalStore open(Path file) throws IOException {
        removeStaleTemporaries(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new LocalRentalStore(file, new Contents(1, List.of()));
        } catch (IOException e) {
            throw unreadable(file, e.toString(), e);
        }
        Contents contents;
        try {
            contents = MAPPER.readValue(bytes, Contents.class);
        } catch (JsonProcessingException e) {
            throw unreadable(file, e.getOriginalMessage(), e);
        }
        if (contents == null || contents.rentals() == null) {
            throw unreadable(file, "it holds no 'rentals' list", null);
        }
        var seen = new TreeMap<Long, LocalRental>();
        for (LocalRental rental : contents.rentals()) {
            if (rental == null || seen.put(rental.number(), rental) != null) {
                throw unreadable(file, "a rental is null or listed twice", null);
            }
            if (rental.number() >= contents.nextId()) {
                throw unreadable(file, rental.id() + " is not below nextId " + contents.nextId(), null);
            }
        }
        if (contents.nextId() < 1) {
            throw unreadable(file, "nextId must be at least 1", null);
        }
        return new LocalRentalStore(file, contents);
    }

    public Path file() {
        return file;
    }

    public synchronized List<LocalRental> all() {
        return List.copyOf(rentals.values());
    }

    public synchronized Optional<LocalRental> get(String id) {
        return rentals.values().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** Records a new rental under the next id; {@code make} builds it from that id. */
    public synchronized LocalRental create(Function<String, LocalRental> make) throws IOException {
        var rental = make.apply(LocalRental.ID_PREFIX + nextId);
        var next = new TreeMap<>(rentals);
        next.put(rental.number(), rental);
        write(nextId + 1, next);
        nextId++;
        rentals.put(rental.number(), rental);
        return rental;
    }

    /** Replaces a rental by {@code change(rental)}; empty when there is no such rental. */
    public synchronized Optional<LocalRental> update(String id, UnaryOperator<LocalRental> change) throws IOException {
        var current = get(id);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        var changed = change.apply(current.get());
        if (!changed.equals(current.get())) {
            var next = new TreeMap<>(rentals);
            next.put(changed.number(), changed);
            write(nextId, next);
            rentals.put(changed.number(), changed);
        }
        return Optional.of(changed);
    }

    public synchronized void remove(String id) throws IOException {
        var current = get(id);
        if (current.isPresent()) {
            var next = new TreeMap<>(rentals);
            next.remove(current.get().number());
            write(nextId, next);
            rentals.remove(current.get().number());
        }
    }

    private void write(long next, TreeMap<Long, LocalRental> contents) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(new Contents(next, List.copyOf(contents.values())));
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(
                dir,
                "." + file.getFileName(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (var channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                var buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw new IOException("cannot record the local rentals in " + file + ": " + e, e);
        }
        // The rename itself is only durable once the directory is synced.
        try (var directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    /** Temporary files of a write that {@code kill -9} interrupted: never the truth, the real file is. */
    private static void removeStaleTemporaries(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "." + file.getFileName() + "*.tmp")) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static IOException unreadable(Path file, String detail, Exception cause) {
        return new IOException(
                "cannot read the local rentals in " + file + ": " + detail
                        + " (it is the only record of the rentals an admin created: repair it, or move it aside to"
                        + " start without them)",
                cause);
    }
}

package io.dcloud.appliance.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRentalStoreTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(LocalRentalStore.FILE_NAME);
    }

    private static LocalRental rental(String id, String label) {
        return new LocalRental(
                id,
                label,
                TestKeys.ed25519("admin@test"),
                1,
                512,
                10,
                24,
                NOW,
                LocalRentalState.REQUESTED,
                null,
                null,
                null);
    }

    @Test
    void aMissingFileIsAnEmptyStore() throws Exception {
        var store = LocalRentalStore.open(file());
        assertEquals(List.of(), store.all());
        assertTrue(Files.notExists(file()), "nothing is written until there is something to keep");
    }

    @Test
    void rentalsAndTheirChangesSurviveAReopen() throws Exception {
        var store = LocalRentalStore.open(file());
        var web = store.create(id -> rental(id, "web"));
        var db = store.create(id -> rental(id, "db"));
        assertEquals("local-1", web.id());
        assertEquals("local-2", db.id());
        var active =
                store.update(web.id(), r -> r.activated(NOW.plusSeconds(60))).orElseThrow();
        store.update(db.id(), r -> r.failed("cannot provision: no room"));

        var reopened = LocalRentalStore.open(file());
        assertEquals(store.all(), reopened.all());
        assertEquals(active, reopened.get("local-1").orElseThrow());
        assertEquals(NOW.plusSeconds(60).plusSeconds(24 * 3600), active.endsAt().orElseThrow());
        assertEquals(
                "cannot provision: no room",
                reopened.get("local-2").orElseThrow().reason());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }

    @Test
    void idsAreNeverReusedNotAfterRemovalNorAfterARestart() throws Exception {
        var store = LocalRentalStore.open(file());
        store.create(id -> rental(id, "a"));
        store.create(id -> rental(id, "b"));
        store.remove("local-1");
        store.remove("local-2");
        assertEquals(List.of(), store.all());

        var reopened = LocalRentalStore.open(file());
        assertEquals("local-3", reopened.create(id -> rental(id, "c")).id());
        assertEquals(
                "local-4",
                LocalRentalStore.open(file()).create(id -> rental(id, "d")).id());
    }

    @Test
    void everyWriteReplacesTheFileWholeAndLeavesNoTemporaryBehind() throws Exception {
        var store = LocalRentalStore.open(file());
        store.create(id -> rental(id, "web"));
        store.update("local-1", r -> r.ended(NOW, "done"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file()), files.toList());
        }
        // What kill -9 in the middle of a write leaves: a partial temporary beside the intact file.
        var partial = dir.resolve("." + LocalRentalStore.FILE_NAME + "123.tmp");
        Files.writeString(partial, "{\"nextId\": 9, \"rent");
        var reopened = LocalRentalStore.open(file());
        assertEquals(store.all(), reopened.all());
        assertTrue(Files.notExists(partial), "the interrupted write's temporary is removed");
    }

    @Test
    void aFailedWriteChangesNothing() throws Exception {
        var store = LocalRentalStore.open(file());
        store.create(id -> rental(id, "web"));
        byte[] before = Files.readAllBytes(file());
        // A directory where the file should be: the move into place fails.
        Files.delete(file());
        Files.createDirectories(file().resolve("in-the-way"));

        var e = assertThrows(IOException.class, () -> store.create(id -> rental(id, "db")));
        assertTrue(e.getMessage().contains(file().toString()), e.getMessage());
        assertEquals(1, store.all().size(), "the rental that could not be recorded does not exist");

        Files.delete(file().resolve("in-the-way"));
        Files.delete(file());
        Files.write(file(), before);
        assertEquals("local-2", store.create(id -> rental(id, "db")).id(), "the unrecorded id was never handed out");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file()), files.toList(), "no temporary left by the failed write");
        }
    }

    @Test
    void aCorruptFileIsAnErrorNamingItNeverAnEmptyStore() throws Exception {
        for (String content : List.of(
                "{\"nextId\": 2, \"rentals\": [",
                "not json",
                "{\"nextId\": 2}",
                "{\"nextId\": 2, \"rentals\": [], \"extra\": 1}",
                "{\"nextId\": 1, \"rentals\": [" + json("local-1", "web") + "]}",
                "{\"nextId\": 3, \"rentals\": [" + json("local-1", "Not A Label") + "]}",
                "{\"nextId\": 3, \"rentals\": [" + json("local-1", "a") + ", " + json("local-1", "b") + "]}")) {
            Files.writeString(file(), content);
            var e = assertThrows(IOException.class, () -> LocalRentalStore.open(file()), content);
            assertTrue(e.getMessage().startsWith("cannot read the local rentals in " + file()), e.getMessage());
        }
    }

    @Test
    void anUnreadableFileIsAnErrorNamingIt() throws Exception {
        Files.createDirectories(file());
        var e = assertThrows(IOException.class, () -> LocalRentalStore.open(file()));
        assertTrue(e.getMessage().startsWith("cannot read the local rentals in " + file()), e.getMessage());
    }

    private static String json(String id, String label) {
        return "{\"id\": \"" + id + "\", \"label\": \"" + label + "\", \"sshKey\": \"ssh-ed25519 AAAA x\","
                + " \"vcpus\": 1, \"ramMiB\": 512, \"diskGiB\": 10, \"hours\": 1,"
                + " \"createdAt\": \"2026-03-01T10:00:00Z\", \"state\": \"REQUESTED\", \"activeSince\": null,"
                + " \"endedAt\": null, \"reason\": null}";
    }
}

package io.dcloud.sni.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.sni.route.RouteTable;
import io.dcloud.sni.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReloaderTest {
    @TempDir
    Path dir;

    private final AtomicReference<RouteTable> applied = new AtomicReference<>(RouteTable.EMPTY);
    private final List<String> reports = new CopyOnWriteArrayList<>();

    private static String file(String... names) {
        StringBuilder s = new StringBuilder("listeners: { tls: \"127.0.0.1:0\" }\nroutes:\n");
        for (String n : names) {
            s.append("  - { name: \"").append(n).append("\", backend: \"127.0.0.1:9\" }\n");
        }
        return s.toString();
    }

    @Test
    void aBadFileIsReportedAndThePreviousTableStays() throws Exception {
        Path path = Files.writeString(dir.resolve("r.yaml"), file("a.example.com"));
        try (ConfigReloader<RouterFile> reloader =
                new ConfigReloader<>(path, RouterFile::read, f -> applied.set(f.routes()), reports::add)) {
            assertTrue(reloader.reload());
            assertEquals(1, applied.get().size());
            Files.writeString(path, file("a.example.com", "bad name!"));
            assertFalse(reloader.reload());
            assertEquals(1, applied.get().size());
            assertTrue(reports.getLast().contains("'bad name!' is not a DNS name"), reports.getLast());
            assertTrue(reports.getLast().endsWith("the previous configuration stays in force"));
        }
    }

    @Test
    void aChangedFileAndSighupBothReload() throws Exception {
        Path path = Files.writeString(dir.resolve("r.yaml"), file("a.example.com"));
        try (ConfigReloader<RouterFile> reloader =
                new ConfigReloader<>(path, RouterFile::read, f -> applied.set(f.routes()), reports::add)) {
            reloader.reload();
            reloader.watch();
            assertTrue(
                    reports.stream().noneMatch(r -> r.startsWith("SIGHUP is ignored")),
                    "this JVM inherited SIGHUP ignored (nohup?), so the signal half cannot be tested: run the tests"
                            + " through scripts/test, which resets it");
            assertTrue(
                    reloader.reloadHint()
                            .startsWith("kill -HUP " + ProcessHandle.current().pid()),
                    reloader.reloadHint());
            FileTime before = Files.getLastModifiedTime(path);
            Files.writeString(path, file("a.example.com", "b.example.com"));
            Files.setLastModifiedTime(path, FileTime.fromMillis(before.toMillis() + 5_000));
            Await.until(() -> applied.get().size() == 2, "the change is picked up by polling");

            // Same timestamp as before: only the signal can make it reload.
            FileTime stamp = Files.getLastModifiedTime(path);
            Files.writeString(path, file("a.example.com", "b.example.com", "c.example.com"));
            Files.setLastModifiedTime(path, stamp);
            new ProcessBuilder(
                            "kill",
                            "-HUP",
                            Long.toString(ProcessHandle.current().pid()))
                    .start()
                    .waitFor();
            Await.until(() -> applied.get().size() == 3, "SIGHUP reloads");
        }
    }
}

package io.dcloud.cli.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dcloud.cli.Dcloud;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyRunCommandTest {
    @TempDir
    Path dir;

    @Test
    void aBadFileIsRefusedWithItsPlaceBeforeAnythingListens() throws Exception {
        Path file = Files.writeString(
                dir.resolve("router.yaml"),
                "listeners: { tls: \"127.0.0.1:0\" }\nroutes:\n  - { name: \"a.example\", backend: \"nowhere\" }\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Dcloud.commandLine().execute("proxy", "run", "--config", file.toString());
        } finally {
            System.setErr(previous);
        }
        assertEquals(2, exit);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("routes[0] backend: expected host:port, got 'nowhere'"), message);
    }
}

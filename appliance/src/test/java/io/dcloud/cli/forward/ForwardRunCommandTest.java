package io.dcloud.cli.forward;

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

class ForwardRunCommandTest {
    @TempDir
    Path dir;

    @Test
    void aBadFileIsRefusedWithItsPlace() throws Exception {
        Path file = Files.writeString(
                dir.resolve("forward.yaml"),
                "mappings:\n  - { listen: \"127.0.0.1:0\", backend: \"127.0.0.1:22\", protocol: sctp }\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Dcloud.commandLine().execute("forward", "run", "--config", file.toString());
        } finally {
            System.setErr(previous);
        }
        assertEquals(2, exit);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("mappings[0] protocol: expected tcp or udp, got 'sctp'"), message);
    }
}
